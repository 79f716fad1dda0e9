import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MessageHandler } from '../../src/core/messages.js';
import { createInflightGate, ShuttingDownError } from '../../src/ops/shutdown.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createInflightGate', () => {
  it('refuses new messages once closed and drains those in flight', async () => {
    const gate = createInflightGate();
    let finished = 0;
    const slow: MessageHandler = {
      async handle() {
        await sleep(50);
        finished += 1;
        return { replies: [], duplicate: false };
      },
    };
    const handler = gate.wrap(slow);
    const msg = { channel: 'console' as const, userId: 'u', messageId: '1', text: 'x', receivedAt: 0 };
    const inFlight = [handler.handle(msg), handler.handle({ ...msg, messageId: '2' })];
    expect(gate.active).toBe(2);
    gate.close();
    await expect(handler.handle({ ...msg, messageId: '3' })).rejects.toBeInstanceOf(ShuttingDownError);
    await gate.drain();
    expect(finished).toBe(2);
    expect(gate.active).toBe(0);
    await Promise.all(inFlight);
    await gate.drain();
  });
});

describe('the real process', () => {
  const prefix = testPrefix();
  const queuePrefix = `${prefix.replace(/:/g, '-')}-bull`;
  const dir = mkdtempSync(join(tmpdir(), 'shutdown-test-'));
  const redis = testRedis();
  afterAll(async () => {
    await cleanPrefix(redis, prefix);
    await cleanPrefix(redis, queuePrefix);
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 within the bound on SIGTERM and logs the shutdown', async () => {
    const child = spawn(join('node_modules', '.bin', 'tsx'), ['src/main.ts', 'chat', '--user', 'shutdown-test'], {
      env: {
        ...process.env,
        REDIS_PREFIX: prefix,
        QUEUE_PREFIX: queuePrefix,
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'info',
        HTTP_PORT: '0',
        SPOOL_DIR: join(dir, 'spool'),
        WHATSAPP_DATA_DIR: join(dir, 'wa'),
        TELEGRAM_BOT_TOKEN: '',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
      let signalledAt = 0;
      child.on('spawn', () => undefined);
      child.once('exit', (code) => resolve({ code, ms: signalledAt ? Date.now() - signalledAt : -1 }));
      const poll = setInterval(() => {
        if (!signalledAt && /bot> /.test(stdout)) {
          signalledAt = Date.now();
          child.kill('SIGTERM');
          clearInterval(poll);
        }
      }, 50);
      child.once('exit', () => clearInterval(poll));
    });
    // Stdin stays open (an interactive session); one message goes through before the signal.
    child.stdin.write('halo\n');
    const { code, ms } = await exited;
    expect(ms, `the bot exited (code ${code}) before it was ready for the signal:\n${stderr}`).toBeGreaterThanOrEqual(
      0,
    );
    expect(stderr, stderr).toMatch(/"msg":"shutting down"/);
    expect(code, stderr).toBe(0);
    expect(ms).toBeLessThan(15_000);
  }, 60_000);
});
