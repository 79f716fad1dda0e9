import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REDIS_URL } from '../helpers/redis.js';

/** Runs `tsx src/cli/<name>.ts FILE` as `npm run eval:*` does; resolves with stdout and the exit code. */
function run(cli: string, file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('npx', ['tsx', `src/cli/${cli}.ts`, file], {
    env: { ...process.env, REDIS_URL, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) as string);

describe('evaluation commands through the whole bot (contract: last line is one JSON object)', () => {
  it('eval:triage counts emergencies escalated with a number and false alarms', async () => {
    const r = await run('eval-triage', 'test/fixtures/eval/triage-mini.jsonl');
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({
      n: 4,
      emergencies: 2,
      escalatedWithNumber: 2,
      others: 2,
      wronglyEscalated: 0,
      distressedNotUnderstood: 0,
    });
  }, 90_000);

  it('eval:answers grades first replies right, missing or dangerous', async () => {
    const r = await run('eval-answers', 'test/fixtures/eval/answers-mini.jsonl');
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ n: 3, right: 1, missing: 1, dangerous: 1 });
  }, 90_000);

  it('refuses a bad file with the line number and exit code 2', async () => {
    const r = await run('eval-triage', 'test/fixtures/eval/answers-mini.jsonl');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/answers-mini\.jsonl:1:/);
  }, 30_000);
});
