/**
 * Texts from `locales/<lang>/<namespace>.json`, rendered per message in the user's language
 * (`getFixedT`), never through a global `changeLanguage`. Keys are `<namespace>.<path>`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { LocaleError } from '../errors.js';

export const LANGUAGES = ['id', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

export interface Translator {
  t(lang: Lang, key: string, params?: Record<string, string | number>): string;
  /** Locales in which `key` has no non-empty string. */
  missingIn(key: string): Lang[];
  /** Flattened keys of one locale. */
  keys(lang: Lang): Set<string>;
}

type Tree = { [k: string]: string | Tree };

/** Reads every locale; throws LocaleError naming file and problem on unreadable JSON. */
export function loadLocales(dir: string): Record<Lang, Tree> {
  const problems: string[] = [];
  const out = {} as Record<Lang, Tree>;
  for (const lang of LANGUAGES) {
    const langDir = join(dir, lang);
    const tree: Tree = {};
    let files: string[] = [];
    try {
      files = readdirSync(langDir).filter((f) => f.endsWith('.json'));
    } catch {
      problems.push(`${langDir}: missing locale folder`);
    }
    for (const file of files) {
      const path = join(langDir, file);
      try {
        if (statSync(path).size > 2_000_000) throw new Error('file larger than 2 MB');
        const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
        if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('top level must be an object');
        tree[file.slice(0, -'.json'.length)] = data as Tree;
      } catch (err) {
        problems.push(`${path}: ${(err as Error).message}`);
      }
    }
    out[lang] = tree;
  }
  if (problems.length > 0) throw new LocaleError(problems);
  return out;
}

export function flattenKeys(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [kk, vv] of flattenKeys(v, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

/**
 * i18next plural forms (`key_one`, `key_other`, ...): a language has the forms its grammar
 * needs (Indonesian only `_other`, English `_one` and `_other`), so parity is checked on the
 * base key, and every plural key needs its `_other` form.
 */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const pluralBase = (key: string) => key.replace(PLURAL, '');

/** Keys present in one locale and not the other, and values that are not non-empty strings. */
export function checkLocaleParity(locales: Record<Lang, Tree>): string[] {
  const problems: string[] = [];
  const flat = Object.fromEntries(LANGUAGES.map((l) => [l, flattenKeys(locales[l])])) as Record<
    Lang,
    Map<string, unknown>
  >;
  // `ambiguous_one` beside a plain `ambiguous` is a key of its own, not a plural form.
  const baseOf = (lang: Lang, key: string) => {
    const base = pluralBase(key);
    return base !== key && !flat[lang].has(base) ? base : key;
  };
  const bases = Object.fromEntries(
    LANGUAGES.map((l) => [l, new Set([...flat[l].keys()].map((k) => baseOf(l, k)))]),
  ) as Record<Lang, Set<string>>;
  for (const lang of LANGUAGES) {
    for (const [key, value] of flat[lang]) {
      if (typeof value !== 'string' || value.trim() === '')
        problems.push(`locales/${lang}: "${key}" is not a non-empty text`);
      const base = baseOf(lang, key);
      if (base !== key && !flat[lang].has(`${base}_other`))
        problems.push(`locales/${lang}: plural "${base}" has no "${base}_other" form`);
      for (const other of LANGUAGES) {
        if (other === lang) continue;
        if (base === key ? !flat[other].has(key) : !bases[other].has(base))
          problems.push(`locales/${other}: key "${key}" missing (present in ${lang})`);
      }
    }
  }
  return [...new Set(problems)];
}

/**
 * i18next option names: a param with one of these names changes how i18next resolves the
 * key (plurals, context, fallbacks...), so such calls always go through i18next itself.
 */
const I18NEXT_OPTIONS = new Set(
  (
    'appendNamespaceToCIMode appendNamespaceToMissingKey applyPostProcessor context contextSeparator count ' +
    'defaultNS fallbackLng fallbackNS formatParams ignoreJSONStructure interpolation interpolationkey joinArrays ' +
    'keyPrefix keySeparator lng lngs missingInterpolationHandler missingKeyHandler ' +
    'missingKeyNoValueFallbackToKey nest ns nsSeparator ordinal pluralSeparator postProcess ' +
    'postProcessPassResolved replace returnDetails returnEmptyString returnNull returnObjects ' +
    'returnedObjectHandler saveMissing skipInterpolation'
  ).split(' '),
);
const PLACEHOLDER = /\{\{(.+?)\}\}/g;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Characters that could make i18next see a placeholder or a nesting that is not in the template. */
const UNSAFE_VALUE = /[{}$]/;

/** Literal text and placeholder names, alternating: [text, name, text, name, text]. */
type Template = string[];

/** A template when the text only has `{{name}}` placeholders; null for anything fancier. */
function parseTemplate(text: string): Template | null {
  if (text.includes('$t(')) return null;
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = (m[1] as string).trim();
    if (!IDENTIFIER.test(name) || I18NEXT_OPTIONS.has(name)) return null;
    parts.push(text.slice(last, m.index), name);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

export function createTranslator(locales: Record<Lang, Tree>): Translator {
  const instance = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: locales[l] }])),
    lng: 'id',
    fallbackLng: 'id',
    initAsync: false,
    returnNull: false,
    // Chat text is plain: HTML-escaping values would show "&amp;" to the user.
    interpolation: { escapeValue: false },
  });
  const fixed = Object.fromEntries(LANGUAGES.map((l) => [l, instance.getFixedT(l)])) as Record<Lang, TFunction>;
  const flat = Object.fromEntries(LANGUAGES.map((l) => [l, flattenKeys(locales[l])])) as Record<
    Lang,
    Map<string, unknown>
  >;
  const viaI18next = (lang: Lang, key: string, params?: Record<string, string | number>) =>
    String(fixed[lang](key, params ?? {}));

  // i18next costs tens of microseconds per call (option objects, key resolution, regexes) and
  // a reply renders several texts. Texts without params are rendered once by i18next itself
  // and kept; texts with plain `{{name}}` placeholders are filled here from a parsed template,
  // exactly as i18next fills them. Anything else goes through i18next every time.
  const plain = Object.fromEntries(LANGUAGES.map((l) => [l, new Map<string, string>()])) as Record<
    Lang,
    Map<string, string>
  >;
  const templates = Object.fromEntries(LANGUAGES.map((l) => [l, new Map<string, Template | null>()])) as Record<
    Lang,
    Map<string, Template | null>
  >;
  const known = (lang: Lang, key: string) => flat[lang].has(key) || flat.id.has(key);

  const templateOf = (lang: Lang, key: string): Template | null => {
    const cached = templates[lang].get(key);
    if (cached !== undefined) return cached;
    const raw = flat[lang].get(key);
    // Only when i18next resolves the key to this very text (no fallback, no object).
    const resolved = typeof raw === 'string' ? fixed[lang](key, { skipInterpolation: true }) : undefined;
    const template = typeof raw === 'string' && resolved === raw ? parseTemplate(raw) : null;
    templates[lang].set(key, template);
    return template;
  };

  const fill = (template: Template, params: Record<string, string | number>): string | null => {
    let out = template[0] as string;
    for (let i = 1; i < template.length; i += 2) {
      const name = template[i] as string;
      if (!Object.hasOwn(params, name)) return null;
      const value = params[name];
      if (typeof value !== 'string' && typeof value !== 'number') return null;
      const text = String(value);
      if (UNSAFE_VALUE.test(text)) return null;
      out += text + (template[i + 1] as string);
    }
    return out.includes('$t(') ? null : out;
  };

  const t = (lang: Lang, key: string, params?: Record<string, string | number>): string => {
    let empty = true;
    if (params) {
      for (const name in params) {
        empty = false;
        if (I18NEXT_OPTIONS.has(name) || name.startsWith('defaultValue') || !Object.hasOwn(params, name)) {
          return viaI18next(lang, key, params);
        }
      }
    }
    if ((lang !== 'id' && lang !== 'en') || !known(lang, key)) return viaI18next(lang, key, params);
    const template = templateOf(lang, key);
    if (empty || (template && template.length === 1)) {
      let text = plain[lang].get(key);
      if (text === undefined) {
        text = viaI18next(lang, key);
        plain[lang].set(key, text);
      }
      // A text without placeholders renders the same whatever the params.
      if (empty || template) return text;
    }
    if (template) {
      const filled = fill(template, params as Record<string, string | number>);
      if (filled !== null) return filled;
    }
    return viaI18next(lang, key, params);
  };

  return {
    t,
    missingIn: (key) =>
      LANGUAGES.filter((l) => {
        const v = flat[l].get(key) ?? flat[l].get(`${key}_other`);
        return typeof v !== 'string' || v.trim() === '';
      }),
    keys: (lang) => new Set(flat[lang].keys()),
  };
}
