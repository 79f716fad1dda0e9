import { describe, expect, it } from 'vitest';
import { createContactLines } from '../../src/destinations/contact-lines.js';
import { DestinationDataError, loadDestinations } from '../../src/destinations/load-destinations.js';
import { createTranslator, loadLocales } from '../../src/i18n/create-translator.js';

const destinations = loadDestinations('data/destinations');
const translator = createTranslator(loadLocales('locales'));

describe('destination data (data/destinations/*.yaml)', () => {
  it('loads every destination the content names, each fact with a source and a date', () => {
    for (const c of ['HK', 'TW', 'MY', 'SG', 'SA', 'AE', 'QA', 'KW', 'OM', 'BH', 'KR', 'JP', 'BN', 'MO', 'ID']) {
      expect(destinations.has(c), c).toBe(true);
    }
    for (const d of destinations.values()) {
      for (const f of d.facts) {
        expect(f.source.length, f.id).toBeGreaterThan(8);
        expect(f.checked, f.id).toMatch(/^\d{4}-\d{2}/);
      }
    }
  });

  it('refuses a fact without a source, naming the file and the place', () => {
    try {
      loadDestinations('test/fixtures/destinations-bad');
      expect.unreachable('a fact without a source was accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(DestinationDataError);
      expect((e as DestinationDataError).problems.join('\n')).toMatch(/xx\.yaml: .* at facts\.0\.source/);
    }
  });
});

describe('emergency lines', () => {
  const lines = createContactLines({
    destinations,
    contacts: {
      default: ['contacts.kp2mi_callcenter'],
      suicide: ['contacts.healing119'],
      violence_women_children: [],
      countries: {},
      verify: [],
    },
    t: translator.t,
    hideUnverified: false,
  });

  it("gives the destination's own emergency numbers and mission first, then the 24-hour line", () => {
    const hk = lines('id', { country: 'HK', suicide: false });
    expect(hk[0]).toMatch(/^Darurat di Hong Kong: 999 \(polisi, ambulans, pemadam kebakaran\)/);
    expect(hk.some((l) => l.startsWith('KJRI Hong Kong'))).toBe(true);
    expect(hk[hk.length - 1]).toBe(translator.t('id', 'contacts.kp2mi_callcenter'));
  });

  it('leads with a crisis line one can call from the destination for suicidal talk', () => {
    const sg = lines('en', { country: 'SG', suicide: true });
    expect(sg[0]).toMatch(/1767|1771/);
    expect(sg).toContain(translator.t('en', 'contacts.healing119'));
  });

  it('without a country gives the Indonesia-wide lines only', () => {
    expect(lines('id', { suicide: false })).toEqual([translator.t('id', 'contacts.kp2mi_callcenter')]);
  });
});
