/**
 * Loads the safe-migration answers (flows/content/<topic>.yaml) with their texts from
 * locales/{id,en}/<namespace>.json, and the emergency contacts (flows/content/emergency-contacts.yaml).
 * Everything is validated; every problem names its file (and answer).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { parseYamlCached as parse } from '../core/parse-yaml-cached.js';

export const CONTACTS_FILE = 'emergency-contacts.yaml';
export const CONTENT_LANGUAGES = ['id', 'en'] as const;

const i18nKey = z.string().regex(/^[a-z0-9_]+(\.[A-Za-z0-9_]+)+$/, 'expected an i18n key like faq.some_answer.text');
const isoDate = z.union([
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD'),
  z.date().transform((d) => d.toISOString().slice(0, 10)),
]);
const phrase = z.string().trim().min(1);

export const answerSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lowercase words joined by "-"'),
  title: i18nKey,
  text: i18nKey,
  questions: z.array(phrase).min(1, 'an answer needs at least one example question'),
  keywords: z.array(phrase).default([]),
  sources: z.array(phrase).min(1, 'an answer needs at least one source'),
  checked: isoDate,
  verify: z.boolean(),
  related: z.array(z.string()).default([]),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'expected an ISO 3166 alpha-2 code')
    .optional(),
});

export const contentFileSchema = z.strictObject({
  topic: z.string().regex(/^faq\.[a-z_]+$/, 'expected an intent like faq.procedure'),
  answers: z.array(answerSchema).min(1),
});

export const emergencyContactsSchema = z.strictObject({
  default: z.array(i18nKey).min(1, 'at least one contact is always shown'),
  suicide: z.array(i18nKey).default([]),
  violence_women_children: z.array(i18nKey).default([]),
  countries: z.record(z.string().regex(/^[A-Z]{2}$/, 'keys are ISO 3166 alpha-2 codes'), z.array(i18nKey)).default({}),
  verify: z.array(i18nKey).default([]),
});
export type EmergencyContacts = z.infer<typeof emergencyContactsSchema>;

/** One answer as the bot uses it; `idTitle`/`idText` (and English) are the rendered texts for search. */
export interface FaqAnswer {
  id: string;
  topic: string;
  title: string;
  text: string;
  /** i18n key of the details shown on "Selengkapnya" (conditions, steps, legal basis). */
  more: string;
  /** The details rendered, for search. */
  idMore: string;
  enMore: string;
  questions: string[];
  keywords: string[];
  sources: string[];
  checked: string;
  verify: boolean;
  related: string[];
  country?: string;
  idTitle: string;
  idText: string;
  enTitle: string;
  enText: string;
}

export interface FaqContent {
  answers: FaqAnswer[];
  emergencyContacts: EmergencyContacts;
}

export class FaqContentError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid FAQ content:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'FaqContentError';
  }
}

type Locale = Map<string, Record<string, unknown>>;

function read(file: string, problems: string[], json: boolean): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    problems.push(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    return undefined;
  }
  try {
    return json ? JSON.parse(text) : parse(text);
  } catch (e) {
    problems.push(`${file}: not valid ${json ? 'JSON' : 'YAML'} (${(e as Error).message.split('\n')[0]})`);
    return undefined;
  }
}

function issues(where: string, error: z.ZodError): string[] {
  return error.issues.map((i) => `${where}: ${i.message}${i.path.length ? ` at ${i.path.join('.')}` : ''}`);
}

/** Resolves `namespace.path.to.key` in locales/<lang>/<namespace>.json; loads namespaces lazily. */
function resolver(localesDir: string, lang: string, problems: string[]) {
  const cache: Locale = new Map();
  return (key: string): string | undefined => {
    const [ns, ...path] = key.split('.');
    if (!ns) return undefined;
    if (!cache.has(ns)) {
      const file = join(localesDir, lang, `${ns}.json`);
      const data = read(file, problems, true);
      cache.set(ns, data && typeof data === 'object' ? (data as Record<string, unknown>) : {});
    }
    let cur: unknown = cache.get(ns);
    for (const p of path) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
    return typeof cur === 'string' ? cur : undefined;
  };
}

/**
 * @param opts.contentDir flows/content
 * @param opts.localesDir locales
 * @throws FaqContentError listing every problem.
 */
export function loadFaqContent(opts: { contentDir: string; localesDir: string }): FaqContent {
  const problems: string[] = [];
  const t = Object.fromEntries(CONTENT_LANGUAGES.map((l) => [l, resolver(opts.localesDir, l, problems)]));
  const text = (lang: 'id' | 'en', key: string, where: string): string => {
    const value = t[lang]?.(key);
    if (value === undefined) problems.push(`${where}: key ${key} missing in ${join(opts.localesDir, lang)}`);
    return value ?? '';
  };

  let files: string[] = [];
  try {
    files = readdirSync(opts.contentDir)
      .filter((f) => /\.ya?ml$/.test(f) && f !== CONTACTS_FILE)
      .sort();
  } catch (e) {
    problems.push(`${opts.contentDir}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const answers: FaqAnswer[] = [];
  const origin = new Map<string, string>();
  for (const f of files) {
    const file = join(opts.contentDir, f);
    const raw = read(file, problems, false);
    if (raw === undefined) continue;
    const parsed = contentFileSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...issues(file, parsed.error));
      continue;
    }
    for (const a of parsed.data.answers) {
      const where = `${file} answer ${a.id}`;
      const seen = origin.get(a.id);
      if (seen) problems.push(`${where}: id already used in ${basename(seen)}`);
      origin.set(a.id, file);
      // The details behind "Selengkapnya": the same key with `.more` for `.text`.
      const more = a.text.replace(/\.text$/, '.more');
      answers.push({
        ...a,
        more,
        idMore: text('id', more, where),
        enMore: text('en', more, where),
        topic: parsed.data.topic,
        idTitle: text('id', a.title, where),
        idText: text('id', a.text, where),
        enTitle: text('en', a.title, where),
        enText: text('en', a.text, where),
      });
    }
  }
  for (const a of answers) {
    for (const r of a.related) {
      if (!origin.has(r)) problems.push(`${origin.get(a.id)} answer ${a.id}: related answer ${r} does not exist`);
    }
  }

  const contactsFile = join(opts.contentDir, CONTACTS_FILE);
  const contactsRaw = read(contactsFile, problems, false);
  const contacts = emergencyContactsSchema.safeParse(contactsRaw ?? null);
  if (!contacts.success) problems.push(...issues(contactsFile, contacts.error));
  else {
    const c = contacts.data;
    const keys = [
      ...c.default,
      ...c.suicide,
      ...c.violence_women_children,
      ...Object.values(c.countries).flat(),
      ...c.verify,
    ];
    for (const key of new Set(keys)) for (const lang of CONTENT_LANGUAGES) text(lang, key, contactsFile);
  }
  if (answers.length === 0 && files.length > 0 && problems.length === 0)
    problems.push(`${opts.contentDir}: no answers`);
  if (problems.length > 0 || !contacts.success) throw new FaqContentError(problems);
  return { answers, emergencyContacts: contacts.data };
}
