/**
 * A cache of the learnt models on disk, keyed by a hash of everything training depends on
 * (intent files, training examples, lexicon, emergency rules, and the code that turns text
 * into features and trains). Training takes seconds; loading a cached model takes tens of
 * milliseconds, so start-up and tests stay fast, and a changed example or feature is never
 * served from a stale cache. Files are written atomically; a damaged one is retrained.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  createFeatureSubset,
  createFeatureTable,
  type FeatureTable,
  featureNames,
  sameFeatures,
} from './feature-table.js';
import type { LearnedModels } from './intent-classifier.js';
import type { LinearModel } from './linear-model.js';
import type { Vocabulary } from './text-pipeline.js';

/** Bumped when the file layout changes. */
const FORMAT = 4;
/** Cache files kept in the folder: the current one and a few before it (a rollback, a test run). */
const KEEP_FILES = 3;

// Checked by one loop each: z.array(z.string()) over 180,000 feature names was a tenth of start-up.
const strings = z.custom<string[]>((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'));
const counts = z.custom<[string, number][]>(
  (v) =>
    Array.isArray(v) &&
    v.every((x) => Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && typeof x[1] === 'number'),
);
const modelHeader = z.object({ labels: strings, features: strings.nullable() });
const headerSchema = z.object({
  format: z.literal(FORMAT),
  key: z.string(),
  domain: strings,
  negators: strings,
  models: z.object({ intent: modelHeader, category: modelHeader, urgent: modelHeader }),
  vocabulary: z.object({ counts }),
});

/** What the file holds: the learnt models and the text pipeline's vocabulary they were learnt with. */
export interface CachedNlu {
  models: LearnedModels;
  vocabulary: Vocabulary;
}

export function cacheKey(parts: readonly unknown[]): string {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(typeof p === 'string' ? p : JSON.stringify(p)).update('\0');
  return hash.digest('hex').slice(0, 32);
}

// intent and urgent learn from the same features in the same order: neighbours, so they share one table.
const NAMES = ['intent', 'urgent', 'category'] as const;

/**
 * One file: a JSON header (labels, and feature names in row order; `null` when a model has the
 * same features in the same order as the one before it) then each model's weights and biases as
 * float64.
 */
export function writeModelCache(dir: string, key: string, { models: m, vocabulary }: CachedNlu): void {
  const models = Object.fromEntries(
    NAMES.map((n, i) => {
      const previous = i > 0 ? m[NAMES[i - 1] as (typeof NAMES)[number]].rows : null;
      const same = previous !== null && (previous === m[n].rows || sameFeatures(previous, m[n].rows));
      return [n, { labels: [...m[n].labels], features: same ? null : featureNames(m[n].rows) }];
    }),
  ) as z.infer<typeof headerSchema>['models'];
  const header = Buffer.from(
    JSON.stringify({
      format: FORMAT,
      key,
      domain: [...m.space.domain],
      negators: [...m.space.negators],
      models,
      vocabulary,
    }),
  );
  const arrays: (Float32Array | Float64Array)[] = [];
  for (const n of NAMES) arrays.push(m[n].W, m[n].bias);
  // Biases are single-precision values already (see LinearModel): float32 keeps them exactly.
  const floats = new Float32Array(arrays.reduce((a, x) => a + x.length, 0));
  let at = 0;
  for (const a of arrays) {
    floats.set(a, at);
    at += a.length;
  }
  const size = Buffer.alloc(4);
  size.writeUInt32LE(header.length);
  // float32 data must start at a multiple of 4 to be viewed without copying.
  const pad = Buffer.alloc((4 - ((4 + header.length) % 4)) % 4);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `nlu-${key}.bin`);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, Buffer.concat([size, header, pad, Buffer.from(floats.buffer)]));
  renameSync(tmp, file);
  pruneOldFiles(dir);
}

/** Keeps the newest cache files: each is some 10 MB, and every change of data or code writes one. */
function pruneOldFiles(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => /^nlu-[0-9a-f]+\.bin$/.test(f))
    .map((f) => ({ f, at: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { f } of files.slice(KEEP_FILES)) rmSync(join(dir, f), { force: true });
}

/** The cached models for `key`, or null when absent or unreadable. */
export function readModelCache(dir: string, key: string): CachedNlu | null {
  let buf: Buffer;
  try {
    buf = readFileSync(join(dir, `nlu-${key}.bin`));
  } catch {
    return null;
  }
  try {
    const len = buf.readUInt32LE(0);
    const header = headerSchema.parse(JSON.parse(buf.subarray(4, 4 + len).toString('utf8')));
    if (header.key !== key) return null;
    const start = 4 + len + ((4 - ((4 + len) % 4)) % 4);
    if ((buf.length - start) % 4 !== 0) return null;
    // The weights are copied out of the file's buffer (9 MB, a few ms), so the buffer and its
    // JSON header (2 MB more) are freed instead of staying alive behind a view.
    const floats = new Float32Array(new Uint8Array(buf.subarray(start)).buffer);
    let at = 0;
    let rows: FeatureTable = createFeatureTable([]);
    let previous: FeatureTable | null = null;
    const read = (h: z.infer<typeof modelHeader>): LinearModel => {
      const K = h.labels.length;
      // The parsed names are garbage once the table holds them in one string (or, for the
      // category model, once they are row numbers of the intent model's table).
      if (h.features !== null)
        rows = (previous && createFeatureSubset(previous, h.features)) ?? createFeatureTable(h.features);
      previous = rows;
      const W = floats.subarray(at, at + rows.size * K);
      at += rows.size * K;
      const bias = Float64Array.from(floats.subarray(at, at + K));
      at += K;
      return { labels: h.labels, rows, W, bias };
    };
    // In NAMES order, the order they were written in.
    const intent = read(header.models.intent);
    const urgent = read(header.models.urgent);
    const category = read(header.models.category);
    if (at !== floats.length) return null;
    return {
      models: {
        space: { domain: new Set(header.domain), negators: new Set(header.negators) },
        intent,
        category,
        urgent,
      },
      vocabulary: header.vocabulary,
    };
  } catch {
    return null;
  }
}
