import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadDestinations } from '../../src/destinations/load-destinations.js';

// Checks the safe-migration content (flows/content/*.yaml + locales/<lang>/{faq,contacts}.json).
// Each check collects every problem as "file: id: problem" so one run lists all of them.

const root = new URL('../../', import.meta.url);
const contentDir = new URL('flows/content/', root);
const LANGS = ['id', 'en'] as const;
const MAX_TEXT = 700;
/** The short answer a reader with primary schooling gets first; the details wait for "Selengkapnya". */
const MAX_SHORT_WORDS = 45;
const MAX_MORE = 900;
const moreKey = (textKey: string) => textKey.replace(/\.text$/, '.more');
const words = (s: string) => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
const MAX_TITLE = 40;
const TOPICS = [
  'faq.procedure',
  'faq.documents',
  'faq.costs',
  'faq.rights',
  'faq.contract',
  'faq.social_security',
  'faq.scam_signs',
  'faq.destination',
] as const;
const CONTACTS_FILE = 'emergency-contacts.yaml';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'checked must be an ISO date YYYY-MM-DD')
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'checked is not a real calendar date')
  .refine((s) => Date.parse(`${s}T00:00:00Z`) <= Date.now(), 'checked is in the future');

const answerSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id must be kebab-case'),
  title: z.string().regex(/^faq\.[a-z0-9_]+\.title$/, 'title must be a key faq.<name>.title'),
  text: z.string().regex(/^faq\.[a-z0-9_]+\.text$/, 'text must be a key faq.<name>.text'),
  questions: z.array(z.string().trim().min(3)).min(4).max(10),
  keywords: z
    .array(z.string().trim().min(1))
    .min(1)
    .refine((ks) => ks.every((k) => k === k.toLowerCase()), 'keywords must be lowercase'),
  sources: z.array(z.string().trim().min(5)).min(1, 'at least one source'),
  checked: isoDate,
  verify: z.boolean(),
  related: z.array(z.string()).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'country must be ISO 3166 alpha-2')
    .optional(),
});
const topicFileSchema = z.strictObject({ topic: z.enum(TOPICS), answers: z.array(answerSchema).min(1) });
const contactKey = z.string().regex(/^contacts\.[a-z0-9_]+$/);
const contactsFileSchema = z.strictObject({
  default: z.array(contactKey).min(1),
  suicide: z.array(contactKey).min(1),
  violence_women_children: z.array(contactKey).min(1),
  countries: z.record(z.string().regex(/^[A-Z]{2}$/), z.array(contactKey).min(1)).default({}),
  verify: z.array(contactKey),
});

// Destination numbers (data/destinations/*.yaml): an answer may quote them; those flagged
// `verify` count as unverified like the contacts file's `verify` keys.
const destinations = loadDestinations(fileURLToPath(new URL('data/destinations/', root)));
const destinationNumbers = (onlyUnverified: boolean) =>
  [...destinations.values()].flatMap((d) =>
    [
      ...d.emergency.map((e) => ({ text: e.number, verify: false })),
      ...d.missions.map((m) => ({ text: [...m.phones, ...m.hotlines].join(' '), verify: m.verify })),
      ...d.labourHotlines.map((h) => ({ text: h.number, verify: h.verify })),
    ]
      .filter((x) => !onlyUnverified || x.verify)
      .flatMap((x) => phoneNumbers(x.text)),
  );

type Answer = z.infer<typeof answerSchema> & { file: string; topic: string };
type Json = { [key: string]: string | Json };

function readYaml(name: string): unknown {
  return parse(readFileSync(new URL(name, contentDir), 'utf8'));
}

function readLocale(lang: string, ns: string): Map<string, string> {
  const flat = new Map<string, string>();
  const walk = (node: Json, prefix: string): void => {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string') flat.set(`${prefix}.${k}`, v);
      else walk(v, `${prefix}.${k}`);
    }
  };
  walk(JSON.parse(readFileSync(new URL(`locales/${lang}/${ns}.json`, root), 'utf8')) as Json, ns);
  return flat;
}

/** Phone-like numbers as digit strings ("+62 21 2924 4800" -> "622129244800"). */
function phoneNumbers(text: string): string[] {
  return [...text.matchAll(/\+?\d[\d -]{5,}\d/g)].map((m) => m[0].replace(/\D/g, ''));
}

const normalise = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const topicFiles = readdirSync(contentDir).filter((f) => f.endsWith('.yaml') && f !== CONTACTS_FILE);
const parsedFiles = topicFiles.map((file) => ({ file, result: topicFileSchema.safeParse(readYaml(file)) }));
const answers: Answer[] = parsedFiles.flatMap(({ file, result }) =>
  result.success ? result.data.answers.map((a) => ({ ...a, file, topic: result.data.topic })) : [],
);
const byId = new Map(answers.map((a) => [a.id, a]));
const byLang = (ns: string) =>
  Object.fromEntries(LANGS.map((l) => [l, readLocale(l, ns)])) as Record<(typeof LANGS)[number], Map<string, string>>;
const faq = byLang('faq');
const contacts = byLang('contacts');

describe('content answers (flows/content/*.yaml)', () => {
  it('has topic files that match the format', () => {
    expect(topicFiles.length).toBeGreaterThan(0);
    const problems = parsedFiles.flatMap(({ file, result }) =>
      result.success ? [] : result.error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`),
    );
    expect(problems).toEqual([]);
  });

  it('uses every id once and every related id exists', () => {
    const seen = new Map<string, string>();
    const problems: string[] = [];
    for (const a of answers) {
      if (seen.has(a.id)) problems.push(`${a.file}: ${a.id}: duplicate id (also in ${seen.get(a.id)})`);
      seen.set(a.id, a.file);
      for (const r of a.related ?? []) {
        if (!byId.has(r)) problems.push(`${a.file}: ${a.id}: unknown related id ${r}`);
        if (r === a.id) problems.push(`${a.file}: ${a.id}: relates to itself`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every topic an answer that stays when unverified content is hidden', () => {
    const problems = TOPICS.filter((t) => !answers.some((a) => a.topic === t && !a.verify)).map(
      (t) => `${t}: no answer with verify: false`,
    );
    expect(problems).toEqual([]);
  });

  it('offers a non-verify related answer as fallback for every verify answer', () => {
    const problems = answers
      .filter((a) => a.verify && !(a.related ?? []).some((r) => byId.get(r)?.verify === false))
      .map((a) => `${a.file}: ${a.id}: verify answer without a non-verify related answer`);
    expect(problems).toEqual([]);
  });

  it('puts country only on destination answers', () => {
    const problems = answers
      .filter((a) => a.country !== undefined && a.topic !== 'faq.destination')
      .map((a) => `${a.file}: ${a.id}: country outside faq.destination`);
    expect(problems).toEqual([]);
  });

  it('does not repeat an example question in two answers', () => {
    const seen = new Map<string, string>();
    const problems: string[] = [];
    for (const a of answers) {
      for (const q of a.questions) {
        const n = normalise(q);
        if (seen.has(n) && seen.get(n) !== a.id) problems.push(`${a.id}: question "${q}" also in ${seen.get(n)}`);
        seen.set(n, a.id);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('content texts (locales/<lang>/faq.json)', () => {
  it.each(LANGS)('has a non-empty title and text within the limits in %s', (lang) => {
    const problems: string[] = [];
    for (const a of answers) {
      const short = faq[lang].get(a.text) ?? '';
      if (words(short) > MAX_SHORT_WORDS)
        problems.push(`${a.id}: ${a.text} has ${words(short)} words in ${lang} (max ${MAX_SHORT_WORDS})`);
      for (const [key, max] of [
        [a.title, MAX_TITLE],
        [a.text, MAX_TEXT],
        [moreKey(a.text), MAX_MORE],
      ] as const) {
        const value = faq[lang].get(key);
        if (value === undefined || value.trim() === '') problems.push(`${a.id}: ${key} missing or empty in ${lang}`);
        else if (value.length > max) problems.push(`${a.id}: ${key} is ${value.length} chars in ${lang} (max ${max})`);
        else if (/\*\*|__|`|<\/?[a-z]|\]\(|^#|\{\{/m.test(value))
          problems.push(`${a.id}: ${key} has Markdown, HTML or {{ }} in ${lang}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has the same keys in every locale and no key that no answer uses', () => {
    const used = new Set(answers.flatMap((a) => [a.title, a.text, moreKey(a.text)]));
    const ids = [...faq.id.keys()];
    const problems = [
      ...ids.filter((k) => !faq.en.has(k)).map((k) => `${k}: in id, missing in en`),
      ...[...faq.en.keys()].filter((k) => !faq.id.has(k)).map((k) => `${k}: in en, missing in id`),
      ...ids.filter((k) => !used.has(k)).map((k) => `${k}: not used by any answer`),
    ];
    expect(problems).toEqual([]);
  });

  it('keeps unverified phone numbers out of verified answers, and uses only known numbers', () => {
    const known = new Set([...[...contacts.id.values()].flatMap(phoneNumbers), ...destinationNumbers(false)]);
    const contactsFile = contactsFileSchema.parse(readYaml(CONTACTS_FILE));
    const unverified = new Set([
      ...contactsFile.verify.flatMap((k) => phoneNumbers(contacts.id.get(k) ?? '')),
      ...destinationNumbers(true),
    ]);
    const problems: string[] = [];
    for (const a of answers) {
      for (const lang of LANGS) {
        for (const n of phoneNumbers(`${faq[lang].get(a.text) ?? ''}\n${faq[lang].get(moreKey(a.text)) ?? ''}`)) {
          if (!known.has(n))
            problems.push(`${a.id}: number ${n} (${lang}) is not in contacts.json or data/destinations`);
          if (!a.verify && unverified.has(n)) problems.push(`${a.id}: ⚠ number ${n} (${lang}) needs verify: true`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('emergency contacts (flows/content/emergency-contacts.yaml, locales/<lang>/contacts.json)', () => {
  const parsed = contactsFileSchema.safeParse(readYaml(CONTACTS_FILE));

  it('matches the format', () => {
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  it('has every referenced key, non-empty, in every locale, and no unused key', () => {
    if (!parsed.success) throw new Error('emergency-contacts.yaml does not match the format');
    const c = parsed.data;
    const referenced = new Set([
      ...c.default,
      ...c.suicide,
      ...c.violence_women_children,
      ...Object.values(c.countries).flat(),
      ...c.verify,
    ]);
    const problems: string[] = [];
    for (const key of referenced) {
      for (const lang of LANGS) {
        if (!(contacts[lang].get(key) ?? '').trim()) problems.push(`${key}: missing or empty in ${lang}`);
      }
    }
    // Templates the contact module fills from data/destinations ("{{number}}", service names).
    const isTemplate = (key: string) =>
      key.startsWith('contacts.service.') || (contacts.id.get(key) ?? '').includes('{{');
    for (const key of new Set([...contacts.id.keys(), ...contacts.en.keys()])) {
      if (!referenced.has(key) && !isTemplate(key))
        problems.push(`${key}: in contacts.json but not used in ${CONTACTS_FILE}`);
      if (!contacts.id.has(key) || !contacts.en.has(key)) problems.push(`${key}: not in both locales`);
    }
    for (const key of c.default) {
      if (c.verify.includes(key)) problems.push(`${key}: default contacts must not need verification`);
    }
    expect(problems).toEqual([]);
  });

  it('writes each number the same in every locale', () => {
    const problems = [...contacts.id.keys()]
      .filter((k) => phoneNumbers(contacts.id.get(k)!).join() !== phoneNumbers(contacts.en.get(k) ?? '').join())
      .map((k) => `${k}: numbers differ between id and en`);
    expect(problems).toEqual([]);
  });
});
