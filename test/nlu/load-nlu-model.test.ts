import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadNluModel, NluModelError } from '../../src/nlu/load-nlu-model.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the real intents and lexicon that a test may break. */
function copy(): { flowsDir: string; lexiconDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'nlu-model-'));
  dirs.push(root);
  cpSync('flows/intents', join(root, 'intents'), { recursive: true });
  cpSync('data/lexicon', join(root, 'lexicon'), { recursive: true });
  return { flowsDir: root, lexiconDir: join(root, 'lexicon') };
}

function problems(opts: { flowsDir: string; lexiconDir: string }): string[] {
  try {
    loadNluModel(opts);
  } catch (e) {
    expect(e).toBeInstanceOf(NluModelError);
    return (e as NluModelError).problems;
  }
  return [];
}

describe('loadNluModel', () => {
  it('loads the real files (flows folder or intents folder)', () => {
    const m = loadNluModel({ flowsDir: 'flows', lexiconDir: 'data/lexicon' });
    expect(m.intents.length).toBe(20);
    expect(m.emergency.hazards.length).toBeGreaterThan(5);
    expect(loadNluModel({ flowsDir: 'flows/intents', lexiconDir: 'data/lexicon' }).intents.length).toBe(20);
  });

  it('names file and problem for bad YAML, an unknown intent and a duplicate', () => {
    const o = copy();
    writeFileSync(
      join(o.flowsDir, 'intents', 'zz-typo.yaml'),
      'family: x\nintents:\n  - id: faq.visa\n    examples: [a]\n',
    );
    writeFileSync(join(o.flowsDir, 'intents', 'zz-broken.yaml'), 'family: [\n');
    const p = problems(o);
    expect(p.some((x) => /zz-typo\.yaml: .* at intents\.0\.id/.test(x))).toBe(true);
    expect(p.some((x) => /zz-broken\.yaml: not valid YAML/.test(x))).toBe(true);
  });

  it('reports an intent defined twice and an unknown key', () => {
    const o = copy();
    writeFileSync(
      join(o.flowsDir, 'intents', 'zz-dup.yaml'),
      'family: x\nintents:\n  - id: menu\n    examples: [menu]\n    exampels: [x]\n',
    );
    expect(problems(o).join('\n')).toMatch(/zz-dup\.yaml: .*exampels/);
    writeFileSync(
      join(o.flowsDir, 'intents', 'zz-dup.yaml'),
      'family: x\nintents:\n  - id: menu\n    examples: [menu]\n',
    );
    expect(problems(o).join('\n')).toMatch(/zz-dup\.yaml: intent menu is already defined in .*global\.yaml/);
  });

  it('reports a broken lexicon file with its name', () => {
    const o = copy();
    writeFileSync(join(o.lexiconDir, 'regional-jv.tsv'), 'ora\ttidak\nbroken line\n');
    writeFileSync(join(o.lexiconDir, 'countries.yaml'), 'hk: [hong kong]\n');
    const p = problems(o).join('\n');
    expect(p).toMatch(/regional-jv\.tsv: line 2 is not/);
    expect(p).toMatch(/countries\.yaml: .* at hk/);
  });

  it('reports a missing intents folder', () => {
    expect(problems({ flowsDir: '/nonexistent-dir', lexiconDir: 'data/lexicon' }).join('\n')).toMatch(
      /no intent files/,
    );
  });
});
