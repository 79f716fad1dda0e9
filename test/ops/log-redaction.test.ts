/**
 * The whole bot, run as `npm run chat -- --script` with every log level on: a conversation full
 * of phone numbers, names and complaint text must leave none of them in the log output.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';

const USER = '628555444333';
const SECRETS = [
  USER,
  'Chen Wei-Ming',
  'Wei-Ming',
  '0812-3456-7890',
  '3456-7890',
  '081234567890',
  '912 345 678',
  '912345678',
  'Siti Aminah',
  'Sinar Harapan',
  'tidak bayar gaji 3 bulan',
  'paspor saya ditahan',
  'siti.aminah@example.com',
];

const SCRIPT = `# a complaint (no violence words: those escalate to staff and stop the form), an agency
# check, personal details, then "hapus data saya"
halo
saya mau lapor, gaji saya tidak dibayar majikan
ya
1
taiwan
Majikan saya Chen Wei-Ming tidak bayar gaji 3 bulan dan paspor saya ditahan. Tolong hubungi 0812-3456-7890
PT Sinar Harapan Abadi, majikan Chen Wei-Ming
2
+886 912 345 678
ya
1
cek PT Sinar Harapan Abadi
nama saya Siti Aminah, nomor saya 081234567890, email siti.aminah@example.com
menu
hapus data saya
ya
`;

const prefix = testPrefix();
const queuePrefix = `${prefix.replace(/:/g, '-')}-bull`;
const dir = mkdtempSync(join(tmpdir(), 'log-redaction-'));
const redis = testRedis();

afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await cleanPrefix(redis, queuePrefix);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

describe('log redaction end to end', () => {
  it('logs no phone number, name or complaint text of a scripted conversation', () => {
    const file = join(dir, 'chat.txt');
    writeFileSync(file, SCRIPT);
    const run = spawnSync('npm', ['run', '--silent', 'chat', '--', '--script', file, '--user', USER, '--reset'], {
      env: {
        ...process.env,
        LOG_LEVEL: 'trace',
        LOG_FORMAT: 'json',
        REDIS_PREFIX: prefix,
        QUEUE_PREFIX: queuePrefix,
        SPOOL_DIR: join(dir, 'spool'),
        WHATSAPP_DATA_DIR: join(dir, 'wa'),
        HTTP_PORT: '0',
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const inputs = SCRIPT.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    const outputs = run.stdout.trim().split('\n');
    expect(outputs).toHaveLength(inputs.length);
    // The complaint went all the way through (a ticket came back), so its path was logged too.
    expect(run.stdout).toMatch(/ADU-[0-9A-Z]{8}/);
    // The logs must exist for the check to mean anything: JSON lines at debug/trace level.
    const logLines = run.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg?: string });
    expect(logLines.length).toBeGreaterThan(inputs.length);
    expect(logLines.some((l) => l.level <= 20)).toBe(true);
    for (const secret of SECRETS) expect(run.stderr, `"${secret}" appears in the log`).not.toContain(secret);
  }, 150_000);
});
