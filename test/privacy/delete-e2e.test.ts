/**
 * "Hapus data saya" through the whole bot (`npm run chat -- --script`): file a complaint, ask
 * to delete, then scan every key under the bot's and the queue's prefixes: nothing personal of
 * that user may be left, while the anonymous case statistics stay.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { dumpKeys } from './dump-keys.js';

const USER = '628777666555';
const SECRETS = [
  USER,
  'Lim Boon Keng',
  'gaji saya ditahan sejak Maret',
  '0813-9999-1111',
  '912 111 222',
  // The number as stored: normalised to E.164.
  '886912111222',
  'PT Cahaya Laut',
  // A message the bot did not understand: the unanswered backlog keeps it until deletion.
  'zzqx Pak Wiryosentono wrrkk',
  'wiryosentono',
];
const SCRIPT = `halo
zzqx Pak Wiryosentono wrrkk
saya mau lapor, gaji saya tidak dibayar majikan
ya
1
taiwan
Majikan Lim Boon Keng, gaji saya ditahan sejak Maret, hubungi adik saya 0813-9999-1111
PT Cahaya Laut
2
+886 912 111 222
ya
1
hapus data saya
ya
`;

const prefix = testPrefix();
const queuePrefix = `${prefix.replace(/:/g, '-')}-bull`;
const dir = mkdtempSync(join(tmpdir(), 'delete-e2e-'));
const redis = testRedis();

afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await cleanPrefix(redis, queuePrefix);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

describe('"hapus data saya" in the real bot', () => {
  it('leaves no key or value naming the user and none of their complaint text', async () => {
    const file = join(dir, 'chat.txt');
    writeFileSync(file, SCRIPT);
    const run = spawnSync('npm', ['run', '--silent', 'chat', '--', '--script', file, '--user', USER, '--reset'], {
      env: {
        ...process.env,
        REDIS_PREFIX: prefix,
        QUEUE_PREFIX: queuePrefix,
        SPOOL_DIR: join(dir, 'spool'),
        HTTP_PORT: '0',
        LOG_FORMAT: 'json',
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { in: string; out: { text: string }[] });
    const ticket = /ADU-[0-9A-Z]{8}/.exec(run.stdout)?.[0];
    expect(ticket, run.stdout).toBeDefined();
    const last =
      lines
        .at(-1)
        ?.out.map((o) => o.text)
        .join('\n') ?? '';
    expect(last).toContain('data pribadi di 1 pengaduan');

    const dump = await dumpKeys(redis, `${prefix}:*`);
    const queue = await dumpKeys(redis, `${queuePrefix}:*`);
    for (const secret of SECRETS) {
      expect(dump.text, `"${secret}" left in Redis`).not.toContain(secret);
      expect(queue.text, `"${secret}" left in the queue`).not.toContain(secret);
    }
    // The anonymous part of the case stays.
    expect(dump.text).toContain(ticket);
    expect(dump.text).toContain('unpaid_wages');
  }, 150_000);
});
