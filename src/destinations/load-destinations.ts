/**
 * Reads and validates data/destinations/*.yaml. Every problem is reported with its file
 * and path; a file must be named after its country (hk.yaml holds HK).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseYamlCached as parse } from '../core/parse-yaml-cached.js';
import { type Destination, destinationSchema } from './destination-schema.js';

export class DestinationDataError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid destination data:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DestinationDataError';
  }
}

export type DestinationSet = ReadonlyMap<string, Destination>;

export function loadDestinations(dir: string): DestinationSet {
  const problems: string[] = [];
  const out = new Map<string, Destination>();
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
  for (const name of files.sort()) {
    const file = join(dir, name);
    let raw: unknown;
    try {
      raw = parse(readFileSync(file, 'utf8'));
    } catch (e) {
      problems.push(`${file}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
      continue;
    }
    const parsed = destinationSchema.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) problems.push(`${file}: ${i.message} at ${i.path.join('.')}`);
      continue;
    }
    const d = parsed.data;
    const expected = basename(name)
      .replace(/\.ya?ml$/, '')
      .toUpperCase();
    if (d.country !== expected) problems.push(`${file}: holds country ${d.country}, expected ${expected}`);
    const ids = new Set<string>();
    for (const f of d.facts) {
      if (ids.has(f.id)) problems.push(`${file}: fact id ${f.id} is used twice`);
      ids.add(f.id);
      if (!f.id.startsWith(`${d.country.toLowerCase()}-`))
        problems.push(`${file}: fact id ${f.id} must start with its country`);
    }
    out.set(d.country, d);
  }
  if (problems.length > 0) throw new DestinationDataError(problems);
  return out;
}
