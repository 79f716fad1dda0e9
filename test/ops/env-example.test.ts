import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema, parseConfig } from '../../src/config.js';

const text = readFileSync('.env.example', 'utf8');
/** `NAME=value` lines, active or commented out (`# NAME=value`). */
const documented = new Map<string, { active: boolean; value: string }>();
for (const line of text.split('\n')) {
  const m = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
  if (m?.[2]) documented.set(m[2], { active: !m[1], value: m[3] ?? '' });
}

describe('.env.example', () => {
  it('lists every variable of src/config.ts', () => {
    const missing = Object.keys(configSchema.shape).filter((k) => !documented.has(k));
    expect(missing, `add these to .env.example: ${missing.join(', ')}`).toEqual([]);
  });

  it('lists no variable the config does not know', () => {
    const unknown = [...documented.keys()].filter((k) => !(k in configSchema.shape));
    expect(unknown).toEqual([]);
  });

  it('has a comment above every variable (or above its group of variables)', () => {
    const lines = text.split('\n').map((l) => l.trim());
    const isVariable = (l: string) => /^(#\s*)?[A-Z][A-Z0-9_]*=/.test(l);
    for (const [name] of documented) {
      let i = lines.findIndex((l) => new RegExp(`^(#\\s*)?${name}=`).test(l)) - 1;
      while (i >= 0 && isVariable(lines[i] ?? '')) i -= 1;
      expect(lines[i]?.startsWith('#'), `${name} needs a comment`).toBe(true);
    }
  });

  it('is a valid configuration as it stands', () => {
    const env = Object.fromEntries([...documented].filter(([, v]) => v.active).map(([k, v]) => [k, v.value]));
    expect(() => parseConfig(env)).not.toThrow();
  });
});
