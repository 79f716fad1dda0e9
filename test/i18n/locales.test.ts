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
});
