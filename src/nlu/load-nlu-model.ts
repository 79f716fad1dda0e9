/**
 * Reads and validates the understanding's data: intent files (flows/intents/*.yaml) and
 * the lexicon folder (data/lexicon). Every problem is reported with its file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { parseYamlCached as parse } from '../core/parse-yaml-cached.js';
import {
  type CategorySpec,
  countriesSchema,
  currenciesFileSchema,
  type EmergencyRules,
  INTENTS,
  type IntentSpec,
  intentFileSchema,
  type LexiconData,
  type NluModel,
  overlaySchema,
  topicsFileSchema,
} from './nlu-model.js';
import { loadTrainingData } from './training-data.js';

export class NluModelError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid understanding data:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'NluModelError';
  }
}

export const LEXICON_FILES = {
  slang: 'combined_slang_words.json',
  overlay: 'overlay.yaml',
  javanese: 'regional-jv.tsv',
  sundanese: 'regional-su.tsv',
  idWords: 'id-words.txt',
  countries: 'countries.yaml',
  english: 'en-words.txt',
} as const;

function issues(file: string, error: z.ZodError): string[] {
  return error.issues.map((i) => `${file}: ${i.message}${i.path.length ? ` at ${i.path.join('.')}` : ''}`);
}

function readText(file: string, problems: string[]): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    problems.push(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    return null;
  }
}

function readStructured(file: string, problems: string[]): unknown {
  const text = readText(file, problems);
  if (text === null) return undefined;
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parse(text);
  } catch (e) {
    problems.push(
      `${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'} (${(e as Error).message.split('\n')[0]})`,
    );
    return undefined;
  }
}

function readTsv(file: string, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const text = readText(file, problems);
  text?.split('\n').forEach((line, n) => {
    if (!line.trim() || line.startsWith('#')) return;
    const [from, to, extra] = line.split('\t');
    if (!from?.trim() || !to?.trim() || extra !== undefined) {
      problems.push(`${file}: line ${n + 1} is not "word<TAB>indonesian"`);
      return;
    }
    out[from.trim().toLowerCase()] = to.trim().toLowerCase();
  });
  return out;
}

export function loadLexicon(lexiconDir: string, problems: string[]): LexiconData {
  const path = (f: string) => join(lexiconDir, f);
  const slangRaw = z.record(z.string(), z.string()).safeParse(readStructured(path(LEXICON_FILES.slang), problems));
  const overlay = overlaySchema.safeParse(readStructured(path(LEXICON_FILES.overlay), problems));
  const countries = countriesSchema.safeParse(readStructured(path(LEXICON_FILES.countries), problems));
  if (!slangRaw.success) problems.push(...issues(path(LEXICON_FILES.slang), slangRaw.error));
  if (!overlay.success) problems.push(...issues(path(LEXICON_FILES.overlay), overlay.error));
  if (!countries.success) problems.push(...issues(path(LEXICON_FILES.countries), countries.error));

  const exclude = new Set(overlay.data?.slangExclude ?? []);
  const slang: Record<string, string> = {};
  for (const [k, v] of Object.entries(slangRaw.data ?? {})) {
    if (!exclude.has(k) && !k.includes(' ')) slang[k.toLowerCase()] = v.toLowerCase();
  }
  Object.assign(slang, overlay.data?.slang ?? {});
  const regional = {
    ...readTsv(path(LEXICON_FILES.javanese), problems),
    ...readTsv(path(LEXICON_FILES.sundanese), problems),
    ...(overlay.data?.regional ?? {}),
  };
  const idText = readText(path(LEXICON_FILES.idWords), problems) ?? '';
  const idWords = idText
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .flatMap((l) => l.split(/\s+/))
    .filter(Boolean);
  const englishText = readText(path(LEXICON_FILES.english), problems) ?? '';
  const english = englishText
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .flatMap((l) => l.split(/\s+/))
    .filter(Boolean);
  return {
    slang,
    regional,
    english,
    phrases: overlay.data?.phrases ?? {},
    particles: overlay.data?.particles ?? [],
    idWords,
    countries: countries.data ?? {},
  };
}

function intentFiles(flowsDir: string): string[] {
  const dir = existsSync(join(flowsDir, 'intents')) ? join(flowsDir, 'intents') : flowsDir;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * @param opts.flowsDir the flows folder (its `intents/` subfolder is read) or the intents folder itself.
 * @param opts.lexiconDir data/lexicon.
 * @param opts.trainingDir JSONL training examples; default `training` beside the lexicon folder.
 * @throws NluModelError listing every problem, each with its file.
 */
export function loadNluModel(opts: {
  flowsDir: string;
  lexiconDir: string;
  trainingDir?: string;
  /** data/answers (topics.yaml, currencies.yaml); default `answers` beside the lexicon folder. */
  answersDir?: string;
}): NluModel {
  const problems: string[] = [];
  const intents: IntentSpec[] = [];
  const categories: CategorySpec[] = [];
  let emergency: EmergencyRules | undefined;
  const seen = new Map<string, string>();
  const files = intentFiles(opts.flowsDir);
  if (files.length === 0) problems.push(`${opts.flowsDir}: no intent files (*.yaml) found`);
  let unreadable = 0;
  for (const file of files) {
    const before = problems.length;
    const raw = readStructured(file, problems);
    if (problems.length > before) {
      unreadable++;
      continue;
    }
    const parsed = intentFileSchema.safeParse(raw ?? null);
    if (!parsed.success) {
      problems.push(...issues(file, parsed.error));
      unreadable++;
      continue;
    }
    for (const spec of parsed.data.intents) {
      const other = seen.get(spec.id);
      if (other) problems.push(`${file}: intent ${spec.id} is already defined in ${other}`);
      seen.set(spec.id, file);
      intents.push(spec);
    }
    for (const c of parsed.data.categories) {
      const key = `category:${c.id}`;
      if (seen.has(key)) problems.push(`${file}: category ${c.id} is already defined in ${seen.get(key)}`);
      seen.set(key, file);
      categories.push(c);
    }
    if (parsed.data.emergency) {
      if (emergency) problems.push(`${file}: emergency rules are already defined in ${seen.get('emergency')}`);
      seen.set('emergency', file);
      emergency = parsed.data.emergency;
    }
  }
  // Missing intents are only worth reporting when every file could be read.
  if (files.length > 0 && unreadable === 0) {
    for (const id of INTENTS)
      if (!seen.has(id)) problems.push(`${opts.flowsDir}: intent ${id} has no examples in any file`);
    if (!emergency) problems.push(`${opts.flowsDir}: no file defines the emergency rules (key "emergency")`);
  }
  const lexicon = loadLexicon(opts.lexiconDir, problems);
  const training = loadTrainingData(opts.trainingDir ?? join(dirname(opts.lexiconDir), 'training'), problems);
  const answersDir = opts.answersDir ?? join(dirname(opts.lexiconDir), 'answers');
  const topics = topicsFileSchema.safeParse(readStructured(join(answersDir, 'topics.yaml'), problems));
  const currencies = currenciesFileSchema.safeParse(readStructured(join(answersDir, 'currencies.yaml'), problems));
  if (!topics.success) problems.push(...issues(join(answersDir, 'topics.yaml'), topics.error));
  if (!currencies.success) problems.push(...issues(join(answersDir, 'currencies.yaml'), currencies.error));
  if (problems.length > 0 || !emergency || !topics.success || !currencies.success) throw new NluModelError(problems);
  return {
    intents,
    categories,
    emergency,
    lexicon,
    training,
    answers: { topics: topics.data, currencies: currencies.data },
  };
}
