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

/** Keys present in one locale and not the other, and values that are not non-empty strings. */
export function checkLocaleParity(locales: Record<Lang, Tree>): string[] {
  const problems: string[] = [];
  const flat = Object.fromEntries(LANGUAGES.map((l) => [l, flattenKeys(locales[l])])) as Record<
    Lang,
    Map<string, unknown>
  >;
  for (const lang of LANGUAGES) {
    for (const [key, value] of flat[lang]) {
      if (typeof value !== 'string' || value.trim() === '')
        problems.push(`locales/${lang}: "${key}" is not a non-empty text`);
      for (const other of LANGUAGES) {
        if (other !== lang && !flat[other].has(key))
          problems.push(`locales/${other}: key "${key}" missing (present in ${lang})`);
      }
    }
  }
  return problems;
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
  return {
    t: (lang, key, params) => String(fixed[lang](key, params ?? {})),
    missingIn: (key) =>
      LANGUAGES.filter((l) => {
        const v = flat[l].get(key);
        return typeof v !== 'string' || v.trim() === '';
      }),
    keys: (lang) => new Set(flat[lang].keys()),
  };
}
