import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseYamlCached, setYamlCacheDir } from '../../src/core/parse-yaml-cached.js';

const dir = mkdtempSync(join(tmpdir(), 'pmi-yaml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function yamlFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .map((f) => join(root, f));
}

describe('parseYamlCached', () => {
  it('gives what the YAML parser gives for data and flow files, parsed or read back', () => {
    setYamlCacheDir(dir);
    // A sample: the whole data folder is 2 MB of YAML, too slow to compare in a unit test.
    const files = [...yamlFiles('data/destinations').slice(0, 3), ...yamlFiles('flows').slice(0, 3)];
    expect(files.length).toBe(6);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(parseYamlCached(text), file).toEqual(parse(text));
      expect(parseYamlCached(text), `${file} (cached)`).toEqual(parse(text));
    }
    expect(readdirSync(dir).length).toBe(6);
  });

  it('throws the parser error for invalid YAML and caches nothing for it', () => {
    setYamlCacheDir(dir);
    const before = readdirSync(dir).length;
    expect(() => parseYamlCached('a: [1, 2')).toThrow();
    expect(readdirSync(dir).length).toBe(before);
  });

  it('still parses when the cache folder cannot be written', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    setYamlCacheDir(join(blocker, 'yaml'));
    expect(parseYamlCached('a: 1')).toEqual({ a: 1 });
  });
});
