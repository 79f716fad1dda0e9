import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createAgencyRegistry } from '../../src/agencies/agency-registry.js';
import { cleanPrefix, REDIS_URL, testPrefix, testRedis } from '../helpers/redis.js';

const run = promisify(execFile);
const redis = testRedis();
const prefix = testPrefix();
const dir = mkdtempSync(join(tmpdir(), 'agencies-cli-'));
const HEADER = 'name,licence_no,status,valid_until,address,province';

async function importCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/agencies-import.ts', ...args], {
      env: { ...process.env, REDIS_URL, REDIS_PREFIX: prefix, NODE_ENV: 'test' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

describe('npm run agencies:import', () => {
  it('loads the sample, prints the count, and the bot processes see it', async () => {
    const r = await importCli('data/agencies-sample.csv', '--source-date', '2026-11-12');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Loaded 40 agencies from agencies-sample\.csv \(source date 2026-11-12, SAMPLE data\)\.\n/,
    );
    expect(r.stdout).toMatch(/Registry version \S+ is now live\.\n$/);
    const info = await createAgencyRegistry({ redis, prefix }).info();
    expect(info).toMatchObject({ count: 40, sourceDate: '2026-11-12', sample: true });
  });

  it('lists rejected rows by line, and refuses (exit 2) a mostly bad file without changing the registry', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      `${HEADER}\nPT Satu,AB-001,active,,a,b\nPT Dua,AB-002,gone,,a,b\nPT Tiga,AB-003,active,31-12-2027,a,b\n`,
    );
    const r = await importCli(file, '--source-date', '2026-11-20');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Refused bad.csv: most rows are invalid (2 of 3)');
    expect(r.stdout).toMatch(/ {2}line 3: status: .*\n {2}line 4: valid_until: /);
    expect((await createAgencyRegistry({ redis, prefix }).info())?.sourceDate).toBe('2026-11-12');
  });

  it.each([
    [['missing.csv'], /^missing\.csv: cannot read missing\.csv: no such file\n$/],
    [['package.json'], /^package\.json: wrong header: /],
    [[], /^usage: /],
    [['data/agencies-sample.csv', '--source-date', '2026-13-01'], /--source-date must be a real date/],
  ])('exits 1 with one clear line for %j', async (args, message) => {
    const r = await importCli(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});
