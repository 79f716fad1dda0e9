import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'warm-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('models:warm', () => {
  it('leaves a model cache that a start then reads instead of training', () => {
    const warm = () =>
      spawnSync('npx', ['tsx', 'src/cli/warm-cache.ts'], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NLU_CACHE_DIR: dir },
        encoding: 'utf8',
        timeout: 120_000,
      });
    const first = warm();
    expect(first.stderr).toContain('cache ready');
    expect(first.status).toBe(0);
    const files = readdirSync(dir).filter((f) => f.endsWith('.bin'));
    expect(files).toHaveLength(1);
    const written = statSync(join(dir, files[0] as string));
    // The next process with the same files reads that model: nothing trained, nothing rewritten
    // (a write replaces the file, so it would be a new inode).
    expect(warm().status).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.bin'))).toEqual(files);
    const after = statSync(join(dir, files[0] as string));
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
  }, 180_000);
});
