import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNlu } from '../../src/nlu/create-nlu.js';
import { loadNluModel } from '../../src/nlu/load-nlu-model.js';
import { cacheKey, readModelCache } from '../../src/nlu/model-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'nlu-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A small model (intent files only) keeps this test fast; the mechanism is the same.
const model = { ...loadNluModel({ flowsDir: 'flows', lexiconDir: 'data/lexicon' }), training: [] };
const texts = ['majikan mukul aku tadi malam', 'cek PT Maju Jaya', 'gaji blm dibayar 3 bulan', 'halo kak'];

describe('learnt model cache', () => {
  it('gives exactly the same answers from the cache as from training', () => {
    const trained = createNlu(model, { cacheDir: dir, cacheSize: 0 });
    expect(readdirSync(dir).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    const loaded = createNlu(model, { cacheDir: dir, cacheSize: 0 });
    for (const t of texts) expect(loaded.classify(t)).toEqual(trained.classify(t));
  });

  it('reads back what it wrote: the same weights, one feature map for the models that share it', () => {
    createNlu(model, { cacheDir: dir, cacheSize: 0 });
    const file = readdirSync(dir).find((f) => f.endsWith('.bin')) as string;
    const cached = readModelCache(dir, file.slice('nlu-'.length, -'.bin'.length));
    expect(cached).not.toBeNull();
    if (!cached) return;
    const loaded = cached.models;
    expect(loaded.urgent.rows).toBe(loaded.intent.rows);
    expect(loaded.category.rows).not.toBe(loaded.intent.rows);
    for (const name of ['intent', 'urgent', 'category'] as const) {
      const m = loaded[name];
      // One row per feature, or fewer when features with equal weights share one.
      const rows = m.rowOf ? m.rowOf.reduce((a, r) => Math.max(a, r + 1), 0) : m.rows.size;
      expect(m.W.length).toBe(rows * m.labels.length);
      expect(rows).toBeLessThanOrEqual(m.rows.size);
      expect(m.W.some((w) => w !== 0)).toBe(true);
    }
  });

  it('keeps the vocabulary the speller learnt: the loaded pipeline corrects typos as the trained one did', () => {
    const trained = createNlu(model, { cacheSize: 0 });
    const loaded = createNlu(model, { cacheDir: dir, cacheSize: 0 });
    const file = readdirSync(dir).find((f) => f.endsWith('.bin')) as string;
    const cached = readModelCache(dir, file.slice('nlu-'.length, -'.bin'.length));
    expect(cached?.vocabulary.counts.length).toBeGreaterThan(1000);
    for (const t of ['majiakn sy gk bayr gajih', 'pasporku ditahn agensi', 'mau daftr kerja ke taiwn']) {
      expect(loaded.normalize(t)).toBe(trained.normalize(t));
    }
  });

  it('keys on the examples: one more example is a new model, not a stale one', () => {
    const changed = { ...model, training: [{ text: 'contoh baru untuk kunci', intent: 'greeting' as const }] };
    expect(cacheKey([changed])).not.toBe(cacheKey([model]));
  });

  it('keeps the three newest cache files and removes older ones', () => {
    const own = mkdtempSync(join(tmpdir(), 'nlu-prune-'));
    try {
      for (let i = 0; i < 5; i++) {
        const f = join(own, `nlu-${'0'.repeat(31)}${i}.bin`);
        writeFileSync(f, 'old');
        utimesSync(f, new Date(2020, 0, i + 1), new Date(2020, 0, i + 1));
      }
      createNlu(model, { cacheDir: own, cacheSize: 0 });
      const left = readdirSync(own).sort();
      expect(left).toHaveLength(3);
      expect(left).toContain(`nlu-${'0'.repeat(31)}4.bin`);
      expect(left.filter((f) => !f.startsWith(`nlu-${'0'.repeat(31)}`))).toHaveLength(1);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('retrains instead of failing on a damaged cache file', () => {
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), 'not a model');
    const nlu = createNlu(model, { cacheDir: dir, cacheSize: 0 });
    expect(nlu.classify('majikan mukul aku tadi malam').intent).toBe('emergency');
  });
});
