/**
 * YAML parsed once per content: the parsed value is kept as JSON under the cache folder,
 * named by the text's SHA-1, and read back with JSON.parse (YAML parsing was 15% of start-up
 * CPU). A changed file has another name, so a stale entry is never read; an unwritable
 * folder (a read-only image) only costs the parse.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

let cacheDir = join('var', 'cache', 'yaml');

/** The composition root points it at NLU_CACHE_DIR (a `yaml` folder inside it). */
export function setYamlCacheDir(dir: string): void {
  cacheDir = dir;
}

export function parseYamlCached(text: string): unknown {
  const file = join(cacheDir, `${createHash('sha1').update(text).digest('hex')}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // not cached yet (or damaged): parse below
  }
  const value = parse(text) as unknown;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(value));
    renameSync(temp, file);
  } catch {
    // read-only or full: parsing again next time is correct, only slower
  }
  return value;
}
