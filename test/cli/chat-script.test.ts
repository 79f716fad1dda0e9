import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanPrefix, REDIS_URL, testPrefix, testRedis } from '../helpers/redis.js';
import { runChat } from '../helpers/run-chat.js';

const prefix = testPrefix();
const queuePrefix = `tq${prefix.slice(5)}`;
const env = { REDIS_PREFIX: prefix, QUEUE_PREFIX: queuePrefix, REDIS_URL };
const redis = testRedis();

afterAll(async () => {
  const q = new Queue('complaints', { connection: { url: REDIS_URL }, prefix: queuePrefix });
  await q.obliterate({ force: true }).catch(() => undefined);
  await q.close();
  await cleanPrefix(redis, prefix);
  await cleanPrefix(redis, queuePrefix);
  await redis.quit();
});

describe('scripted chat (contract)', () => {
  it('writes one JSON object per input line and nothing else on stdout', async () => {
    const run = await runChat([], {
      user: 'contract',
      reset: true,
      env,
      raw: '# a comment\nhalo\n\n   \nmenu\n# another\n6\n',
    });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(3);
    expect(run.lines.map((l) => l.in)).toEqual(['halo', 'menu', '6']);
    for (const line of run.lines) {
      expect(Object.keys(line).sort()).toEqual(['flow', 'in', 'intent', 'mode', 'node', 'out']);
      for (const o of line.out) expect(typeof o.text).toBe('string');
    }
    expect(run.lines[0]).toMatchObject({ flow: 'main-menu', node: 'menu', mode: 'bot', intent: 'greeting' });
    expect(run.lines[0]?.out.at(-1)?.choices?.length).toBe(7);
    expect(run.lines[2]).toMatchObject({ flow: 'language', intent: null });
  }, 60_000);

  it('continues the same session in a second run and starts fresh with --reset', async () => {
    await runChat(['ganti bahasa'], { user: 'persist', reset: true, env });
    const second = await runChat(['2'], { user: 'persist', env });
    expect(second.lines[0]?.flow).toBe('main-menu');
    expect(second.lines[0]?.out[0]?.text).toMatch(/English/);
    const reset = await runChat(['halo'], { user: 'persist', reset: true, env });
    expect(reset.lines[0]?.out[0]?.text).toMatch(/Halo/);
  }, 60_000);

  it('gives emergency contacts at once, and says honestly that no staff are connected to the terminal', async () => {
    const run = await runChat(['tolong saya dipukul majikan sekarang, saya dikunci di kamar'], {
      user: 'sos',
      reset: true,
      env,
    });
    // The terminal has no staff console: the numbers, not a wait that would never end.
    expect(run.lines[0]).toMatchObject({ mode: 'bot', intent: 'emergency', flow: 'emergency', node: 'ask-country' });
    expect(run.lines[0]?.out[0]?.text).toMatch(/0800-1000/);
    expect(run.lines[0]?.out[1]?.text).toMatch(/petugas/);
  }, 60_000);

  it('files a complaint that lands on the complaints queue with the contract fields', async () => {
    const run = await runChat(
      [
        'gaji saya belum dibayar 3 bulan',
        'ya',
        '1',
        'Taiwan',
        'Majikan tidak membayar gaji sejak Agustus.',
        'lewati',
        '1',
        'ya',
        '1',
      ],
      { user: 'complainer', reset: true, env },
    );
    const text = run.lines.flatMap((l) => l.out.map((o) => o.text)).join('\n');
    const ticket = /ADU-[0-9A-HJKMNP-TV-Z]{8}/.exec(text)?.[0];
    expect(ticket, text).toBeDefined();
    const q = new Queue('complaints', { connection: { url: REDIS_URL }, prefix: queuePrefix });
    const jobs = await q.getJobs(['waiting', 'active', 'completed', 'delayed', 'prioritized']);
    await q.close();
    const job = jobs.find((j) => j.data.ticket === ticket);
    expect(job?.id).toBe(job?.data.id);
    expect(Object.keys(job?.data ?? {}).sort()).toEqual(
      expect.arrayContaining([
        'id',
        'ticket',
        'createdAt',
        'channel',
        'language',
        'reporter',
        'category',
        'country',
        'description',
        'attachments',
        'contact',
        'consent',
        'urgent',
      ]),
    );
    expect(job?.data).toMatchObject({
      channel: 'console',
      category: 'unpaid_wages',
      country: 'TW',
      consent: true,
      urgent: false,
    });
  }, 60_000);

  it('fails with one clear line for a missing script file', async () => {
    const run = await runChat([], { env, raw: '' });
    expect(run.code).toBe(0);
    const bad = await (async () => {
      const { spawnSync } = await import('node:child_process');
      return spawnSync('npx', ['tsx', 'src/main.ts', 'chat', '--script', '/nonexistent/x.txt'], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
    })();
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
