import { describe, expect, it } from 'vitest';
import { checkLocaleParity, createTranslator, loadLocales } from '../../src/i18n/create-translator.js';

describe('locales', () => {
  it('have the same keys in id and en, each a non-empty text', () => {
    expect(checkLocaleParity(loadLocales('locales'))).toEqual([]);
  });

  it('render per user language without a global language switch', () => {
    const t = createTranslator(loadLocales('locales')).t;
    expect(t('en', 'common.yes')).toBe('Yes');
    expect(t('id', 'common.yes')).toBe('Ya');
    expect(t('en', 'common.yes')).toBe('Yes');
  });

  it('do not HTML-escape values', () => {
    const t = createTranslator(loadLocales('locales')).t;
    expect(t('id', 'common.too_long', { max: '<5 & 6>' })).toContain('<5 & 6>');
  });

  it('reports a key missing in one locale', () => {
    const problems = checkLocaleParity({ id: { a: { x: 'X', y: 'Y' } }, en: { a: { x: 'X' } } });
    expect(problems).toEqual(['locales/en: key "a.y" missing (present in id)']);
  });

  it('accepts the plural forms each language needs, and needs the _other form', () => {
    expect(
      checkLocaleParity({
        id: { a: { n_other: '{{count}} kasus' } },
        en: { a: { n_one: '{{count}} case', n_other: '{{count}} cases' } },
      }),
    ).toEqual([]);
    expect(checkLocaleParity({ id: { a: { n_other: 'x' } }, en: { a: { n_one: 'x' } } })).toEqual([
      'locales/en: plural "a.n" has no "a.n_other" form',
    ]);
    expect(checkLocaleParity({ id: { a: { n_other: 'x' } }, en: { a: {} } })).toEqual([
      'locales/en: key "a.n_other" missing (present in id)',
    ]);
  });

  it('renders plurals per language: no "complaint(s)"', () => {
    const tr = createTranslator(loadLocales('locales'));
    expect(tr.t('en', 'privacy.items.complaint', { count: 1 })).toBe('the personal details in 1 complaint');
    expect(tr.t('en', 'privacy.items.complaint', { count: 2 })).toBe('the personal details in 2 complaints');
    expect(tr.t('id', 'privacy.items.complaint', { count: 1 })).not.toMatch(/\(s\)/);
    expect(tr.t('en', 'report.minutes', { count: 1 })).toBe('1 minute');
    expect(tr.missingIn('report.minutes')).toEqual([]);
    for (const lang of ['id', 'en'] as const) {
      for (const key of tr.keys(lang)) expect(tr.t(lang, key), `${lang} ${key}`).not.toMatch(/\w\(s\)/);
    }
  });
});
