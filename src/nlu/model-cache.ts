/**
 * A cache of the learnt models on disk, keyed by a hash of everything training depends on
 * (intent files, training examples, lexicon, emergency rules, and the code that turns text
 * into features and trains). Training takes seconds; loading a cached model takes tens of
 * milliseconds, so start-up and tests stay fast, and a changed example or feature is never
 * served from a stale cache. Files are written atomically; a damaged one is retrained.
 */
import { createHash, type Hash } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  createFeatureSubsetOf,
  createFeatureTable,
  createFeatureTableFrom,
  type FeatureTable,
  featureNames,
} from './feature-table.js';
import type { LearnedModels } from './intent-classifier.js';
import type { LinearModel } from './linear-model.js';
import type { Vocabulary } from './text-pipeline.js';

/** Bumped when the file layout changes. */
const FORMAT = 5;
/** Cache files kept in the folder: the current one and a few before it (a rollback, a test run). */
const KEEP_FILES = 3;

// Checked by one loop each: z.array(z.string()) over 180,000 feature names was a tenth of start-up.
const strings = z.custom<string[]>((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'));
const counts = z.custom<[string, number][]>(
  (v) =>
    Array.isArray(v) &&
    v.every((x) => Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && typeof x[1] === 'number'),
);
const count = z.number().int().nonnegative();
const modelHeader = z.object({
  labels: strings,
  /**
   * The feature names: `names` of them in `bytes` of UTF-8, or `subset` rows of the model before
   * it, or null for the same names and row map as the model before it.
   */
  features: z.union([z.null(), z.object({ names: count, bytes: count }), z.object({ subset: count })]),
  /** Distinct weight rows (see share-equal-rows.ts). */
  rows: count,
});
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
  for (const p of parts) hashInPieces(hash, typeof p === 'string' ? p : JSON.stringify(p)).update('\0');
  return hash.digest('hex').slice(0, 32);
}

/**
 * Hashes a long text a piece at a time: Node encodes a string for the hash into one malloc block,
 * and the 4.5 MB of the model's JSON raised glibc's mmap threshold for good (see CHUNK). Pieces
 * never split a surrogate pair, so the bytes hashed, and the key, are those of the whole text.
 */
function hashInPieces(hash: Hash, text: string): Hash {
  const step = 16 * 1024; // characters: at most 48 KB of UTF-8
  for (let i = 0; i < text.length; ) {
    let end = Math.min(text.length, i + step);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    hash.update(text.slice(i, end));
    i = end;
  }
  return hash;
}

// intent and urgent learn from the same features in the same order: neighbours, so they share one table.
const NAMES = ['intent', 'urgent', 'category'] as const;

/**
 * One file: a JSON header (labels, how the feature names are stored, the number of distinct
 * weight rows), then for each model its names (int16 lengths and one UTF-8 text) or the rows of
 * the model before it that it uses (int32), its row map (int32, one per feature), distinct weight
 * rows and biases (float32), each part starting at a multiple of 4. Names as one text make no
 * string per name when read: 115,000 short-lived strings were most of start-up's garbage.
 */
export function writeModelCache(dir: string, key: string, { models: m, vocabulary }: CachedNlu): void {
  const parts: Buffer[] = [];
  const push = (b: Buffer) => {
    parts.push(b, Buffer.alloc((4 - (b.length % 4)) % 4));
  };
  const bytes = (a: Uint16Array | Int32Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const models = Object.fromEntries(
    NAMES.map((n, i) => {
      const model = m[n];
      const previous = i > 0 ? m[NAMES[i - 1] as (typeof NAMES)[number]] : null;
      let features: z.infer<typeof modelHeader>['features'] = null;
      if (previous === null || previous.rows !== model.rows || previous.rowOf !== model.rowOf) {
        const names = featureNames(model.rows);
        const baseRows = previous ? Int32Array.from(names, (f) => previous.rows.row(f)) : null;
        if (baseRows && names.length > 0 && baseRows.every((r) => r >= 0)) {
          features = { subset: names.length };
          push(bytes(baseRows));
        } else {
          const text = Buffer.from(names.join(''));
          features = { names: names.length, bytes: text.length };
          push(bytes(Uint16Array.from(names, (f) => f.length)));
          push(text);
        }
        push(bytes(model.rowOf ?? Int32Array.from({ length: model.rows.size }, (_, r) => r)));
      }
      // Biases are single-precision values already (see LinearModel): float32 keeps them exactly.
      push(bytes(model.W));
      push(bytes(Float32Array.from(model.bias)));
      return [n, { labels: [...model.labels], features, rows: model.W.length / model.labels.length }];
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
  const size = Buffer.alloc(4);
  size.writeUInt32LE(header.length);
  // The numbers start at a multiple of 4, where they are read into their arrays.
  const pad = Buffer.alloc((4 - ((4 + header.length) % 4)) % 4);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `nlu-${key}.bin`);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, Buffer.concat([size, header, pad, ...parts]));
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

/**
 * The file is read through a buffer this small, straight into the arrays the models keep. glibc
 * serves a malloc of 128 KB or more with its own mmap, and freeing such a block raises that
 * threshold to its size: the whole file read into one Buffer and freed after start-up made later
 * native allocations below 11 MB come from heaps glibc hardly ever gives back (the weights among
 * them). Measured alone it moved a few MB between those heaps and mmap rather than saving them.
 */
const CHUNK = 64 * 1024;

function readFully(fd: number, into: Uint8Array, position: number): void {
  for (let done = 0; done < into.length; ) {
    const n = readSync(fd, into, done, Math.min(CHUNK, into.length - done), position + done);
    if (n <= 0) throw new Error('cache file ended early');
    done += n;
  }
}

/** `len` bytes of UTF-8 at `position`, decoded a chunk at a time into a JS string. */
function readText(fd: number, position: number, len: number): string {
  const chunk = Buffer.alloc(Math.min(CHUNK, Math.max(1, len)));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  for (let done = 0; done < len; ) {
    const piece = chunk.subarray(0, Math.min(chunk.length, len - done));
    readFully(fd, piece, position + done);
    text += decoder.decode(piece, { stream: true });
    done += piece.length;
  }
  return text + decoder.decode();
}

/** The cached models for `key`, or null when absent or unreadable. */
export function readModelCache(dir: string, key: string): CachedNlu | null {
  let fd: number;
  try {
    fd = openSync(join(dir, `nlu-${key}.bin`), 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(4);
    readFully(fd, head, 0);
    const len = head.readUInt32LE(0);
    if (4 + len > size) return null;
    const header = headerSchema.parse(JSON.parse(readText(fd, 4, len)));
    if (header.key !== key) return null;
    let at = 4 + len + ((4 - ((4 + len) % 4)) % 4);
    const align = () => {
      at += (4 - (at % 4)) % 4;
    };
    const read = <T extends Uint16Array | Int32Array | Float32Array>(into: T): T => {
      if (at + into.byteLength > size) throw new Error('cache file ended early');
      readFully(fd, new Uint8Array(into.buffer, into.byteOffset, into.byteLength), at);
      at += into.byteLength;
      align();
      return into;
    };
    let rows: FeatureTable = createFeatureTable([]);
    let rowOf = new Int32Array(0);
    let previous: FeatureTable | null = null;
    let distinct = 0;
    const model = (h: z.infer<typeof modelHeader>): LinearModel => {
      const K = h.labels.length;
      if (h.features !== null) {
        if ('subset' in h.features) {
          if (!previous) throw new Error('a subset of nothing');
          const subset = createFeatureSubsetOf(previous, read(new Int32Array(h.features.subset)));
          if (!subset) throw new Error('subset row out of range');
          rows = subset;
        } else {
          const lengths = read(new Uint16Array(h.features.names));
          if (at + h.features.bytes > size) throw new Error('cache file ended early');
          const text = readText(fd, at, h.features.bytes);
          at += h.features.bytes;
          align();
          rows = createFeatureTableFrom(text, lengths);
        }
        rowOf = read(new Int32Array(rows.size));
        if (rowOf.some((r) => r < 0 || r >= h.rows)) throw new Error('row out of range');
      } else if (h.rows !== distinct) throw new Error('a shared row map needs as many rows');
      previous = rows;
      distinct = h.rows;
      const W = read(new Float32Array(h.rows * K));
      const bias = Float64Array.from(read(new Float32Array(K)));
      return { labels: h.labels, rows, rowOf, W, bias };
    };
    // In NAMES order, the order they were written in.
    const intent = model(header.models.intent);
    const urgent = model(header.models.urgent);
    const category = model(header.models.category);
    if (at !== size) return null;
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
  } finally {
    closeSync(fd);
  }
}
