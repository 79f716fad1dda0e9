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

const fileOf = (text: string) => join(cacheDir, `${createHash('sha1').update(text).digest('hex')}.json`);

/** The parsed value of this exact text when cached, else undefined. */
export function cachedYaml(text: string): unknown {
  try {
    return JSON.parse(readFileSync(fileOf(text), 'utf8'));
  } catch {
    return undefined; // not cached yet (or damaged)
  }
}

/** Keeps a parsed value for the next start. */
export function keepYaml(text: string, value: unknown): void {
  const file = fileOf(text);
  try {
    mkdirSync(cacheDir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(value));
    renameSync(temp, file);
  } catch {
    // read-only or full: parsing again next time is correct, only slower
  }
}

export function parseYamlCached(text: string): unknown {
  const hit = cachedYaml(text);
  if (hit !== undefined) return hit;
  const value = parse(text) as unknown;
  keepYaml(text, value);
  return value;
}
