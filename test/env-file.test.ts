import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEnvironment } from '../src/env-file.js';

const dir = mkdtempSync(join(tmpdir(), 'env-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadEnvironment', () => {
  it('reads .env from the working directory; variables already set win', () => {
    writeFileSync(join(dir, '.env'), '# comment\nTELEGRAM_BOT_TOKEN=from-file\nLOG_LEVEL=debug\nQUOTED="a b"\n');
    const env: Record<string, string | undefined> = { LOG_LEVEL: 'warn' };
    const report = loadEnvironment(env, { cwd: dir });
    expect(env).toEqual({ LOG_LEVEL: 'warn', TELEGRAM_BOT_TOKEN: 'from-file', QUOTED: 'a b' });
    expect(report).toEqual({
      envFile: join(dir, '.env'),
      fromEnvFile: ['QUOTED', 'TELEGRAM_BOT_TOKEN'],
      fromSecretFiles: [],
      problems: [],
    });
  });

  it('does nothing without a .env, and ENV_FILE= (empty) turns it off', () => {
    const empty = mkdtempSync(join(dir, 'none-'));
    const env: Record<string, string | undefined> = {};
    expect(loadEnvironment(env, { cwd: empty }).envFile).toBeNull();
    const off: Record<string, string | undefined> = { ENV_FILE: '' };
    expect(loadEnvironment(off, { cwd: dir }).envFile).toBeNull();
    expect(off.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it('reads ENV_FILE, and says so when it is missing', () => {
    writeFileSync(join(dir, 'prod.env'), 'REDIS_PREFIX=prod\n');
    const env: Record<string, string | undefined> = { ENV_FILE: 'prod.env' };
    loadEnvironment(env, { cwd: dir });
    expect(env.REDIS_PREFIX).toBe('prod');
    const missing = loadEnvironment({ ENV_FILE: 'nope.env' }, { cwd: dir });
    expect(missing.problems).toEqual([expect.stringMatching(/^ENV_FILE: cannot read .*nope\.env \(ENOENT\)$/)]);
  });

  it('reads <NAME>_FILE secrets without the final line break, and refuses both forms at once', () => {
    writeFileSync(join(dir, 'token'), 'secret-token\n');
    writeFileSync(join(dir, 'redis-pass'), 'pw');
    const env: Record<string, string | undefined> = {
      ENV_FILE: '',
      TELEGRAM_BOT_TOKEN_FILE: join(dir, 'token'),
      REDIS_PASSWORD_FILE: 'redis-pass',
      PSEUDONYM_SECRET: 'x',
      PSEUDONYM_SECRET_FILE: 'token',
      CODE_WORD_FILE: 'missing',
    };
    const report = loadEnvironment(env, { cwd: dir });
    expect(env.TELEGRAM_BOT_TOKEN).toBe('secret-token');
    expect(env.REDIS_PASSWORD).toBe('pw');
    expect(env.PSEUDONYM_SECRET).toBe('x');
    expect(report.fromSecretFiles).toEqual(['TELEGRAM_BOT_TOKEN', 'REDIS_PASSWORD']);
    expect(report.problems).toEqual([
      'PSEUDONYM_SECRET_FILE: set either PSEUDONYM_SECRET or PSEUDONYM_SECRET_FILE, not both',
      'CODE_WORD_FILE: cannot read missing (ENOENT)',
    ]);
    // Values never appear in the report.
    expect(JSON.stringify(report)).not.toContain('secret-token');
  });
});
