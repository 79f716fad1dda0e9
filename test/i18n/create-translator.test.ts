import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { createTranslator, flattenKeys, LANGUAGES, loadLocales } from '../../src/i18n/create-translator.js';

// The translator renders most texts without i18next; it must give exactly what i18next gives.
const locales = loadLocales('locales');
const reference = i18next.createInstance();
void reference.init({
  resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: locales[l] }])),
  lng: 'id',
  fallbackLng: 'id',
  initAsync: false,
  returnNull: false,
  interpolation: { escapeValue: false },
});
const expected = (lang: 'id' | 'en', key: string, params?: Record<string, string | number>) =>
  String(reference.getFixedT(lang)(key, params ?? {}));

const keys = [...flattenKeys(locales.id).keys()];
const placeholders = (text: string) => [...text.matchAll(/\{\{(.+?)\}\}/g)].map((m) => (m[1] as string).trim());
const VALUES = ['Budi', 42, 0, '<5 & 6>', 'a {{x}} b', '$t(common.yes)', 'rp 5.000.000, ya?', '', 'x/y'];

describe('createTranslator', () => {
  const t = createTranslator(locales).t;

  it('renders every key like i18next, without params and with empty params', () => {
    expect(keys.length).toBeGreaterThan(100);
    for (const lang of LANGUAGES) {
      for (const key of keys) {
        expect(t(lang, key)).toBe(expected(lang, key));
        expect(t(lang, key, {})).toBe(expected(lang, key));
        // Twice: the second call is served from what the first one kept.
        expect(t(lang, key)).toBe(expected(lang, key));
      }
    }
  });

  it('fills placeholders like i18next, whatever the values', () => {
    let filled = 0;
    for (const lang of LANGUAGES) {
      for (const key of keys) {
        const names = placeholders(String(flattenKeys(locales[lang]).get(key)));
        if (names.length === 0) continue;
        filled++;
        for (const value of VALUES) {
          const params = Object.fromEntries(names.map((n) => [n, value]));
          expect(t(lang, key, params)).toBe(expected(lang, key, params));
          expect(t(lang, key, { ...params, extra: 'x' })).toBe(expected(lang, key, { ...params, extra: 'x' }));
        }
        // A missing param: i18next leaves the placeholder as it is.
        const partial = Object.fromEntries(names.slice(1).map((n) => [n, 'v']));
        expect(t(lang, key, partial)).toBe(expected(lang, key, partial));
      }
    }
    expect(filled).toBeGreaterThan(20);
  });

  it('leaves i18next options and unknown keys to i18next', () => {
    const key = keys.find((k) => placeholders(String(flattenKeys(locales.id).get(k))).length > 0) as string;
    const name = placeholders(String(flattenKeys(locales.id).get(key)))[0] as string;
    const extras: Record<string, string | number>[] = [
      { count: 2 },
      { lng: 'en' },
      { defaultValue: 'd' },
      { context: 'x' },
    ];
    for (const extra of extras) {
      const params = { [name]: 'v', ...extra };
      expect(t('id', key, params)).toBe(expected('id', key, params));
    }
    expect(t('en', 'no.such.key')).toBe(expected('en', 'no.such.key'));
    expect(t('en', 'no.such.key', { a: 1 })).toBe('no.such.key');
    expect(t('id', 'common', {})).toBe(expected('id', 'common'));
  });

  it('falls back to Indonesian for a key missing in English, like i18next', () => {
    const custom = { id: { a: { only: 'Hanya {{x}}', both: 'Dua' } }, en: { a: { both: 'Two' } } };
    const tr = createTranslator(custom).t;
    expect(tr('en', 'a.only', { x: 'y' })).toBe('Hanya y');
    expect(tr('en', 'a.only')).toBe('Hanya {{x}}');
    expect(tr('en', 'a.both', { x: 'y' })).toBe('Two');
  });
});
