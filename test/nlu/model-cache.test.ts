import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNlu } from '../../src/nlu/create-nlu.js';
import { loadNluModel } from '../../src/nlu/load-nlu-model.js';
import { cacheKey } from '../../src/nlu/model-cache.js';

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

  it('keys on the examples: one more example is a new model, not a stale one', () => {
    const changed = { ...model, training: [{ text: 'contoh baru untuk kunci', intent: 'greeting' as const }] };
    expect(cacheKey([changed])).not.toBe(cacheKey([model]));
  });

  it('retrains instead of failing on a damaged cache file', () => {
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), 'not a model');
    const nlu = createNlu(model, { cacheDir: dir, cacheSize: 0 });
    expect(nlu.classify('majikan mukul aku tadi malam').intent).toBe('emergency');
  });
});
