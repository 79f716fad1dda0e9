/** Flow files parsed once: read back from the YAML cache the same, and errors still told by line. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setYamlCacheDir } from '../../src/core/parse-yaml-cached.js';
import { readFlowFiles } from '../../src/flows/load-flows.js';

const cache = mkdtempSync(join(tmpdir(), 'flows-cache-'));
const broken = mkdtempSync(join(tmpdir(), 'flows-broken-'));
afterAll(() => {
  setYamlCacheDir(join('var', 'cache', 'yaml'));
  rmSync(cache, { recursive: true, force: true });
  rmSync(broken, { recursive: true, force: true });
});

describe('flow files and the YAML cache', () => {
  it('reads the same flows from the cache as from parsing', () => {
    setYamlCacheDir(cache);
    const parsed = readFlowFiles('flows');
    const files = readdirSync(cache).length;
    expect(files).toBeGreaterThanOrEqual(parsed.flows.size);
    const read = readFlowFiles('flows');
    expect(readdirSync(cache)).toHaveLength(files);
    expect(read.problems).toEqual([]);
    expect([...read.flows]).toEqual([...parsed.flows]);
  });

  it('reports a YAML error with its file, and caches nothing for it', () => {
    setYamlCacheDir(cache);
    const before = readdirSync(cache).length;
    writeFileSync(join(broken, 'bad.yaml'), 'id: bad\nnodes:\n  a: [unclosed\n');
    const { problems } = readFlowFiles(broken);
    expect(problems.some((p) => p.includes('bad.yaml: YAML error'))).toBe(true);
    expect(readdirSync(cache)).toHaveLength(before);
  });
});
