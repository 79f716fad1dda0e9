/** Shared pieces of the complaint tests: prefixes, a silent logger, payloads, a private redis-server. */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { newComplaintId, newTicket } from '../../src/complaints/complaint-ids.js';
import type { ComplaintJob } from '../../src/complaints/complaint-schema.js';
import type { Logger } from '../../src/logger.js';

export { cleanPrefix, REDIS_URL } from '../helpers/redis.js';

export function prefixes(): { redisPrefix: string; queuePrefix: string } {
  const tag = randomUUID().slice(0, 8);
  return { redisPrefix: `test:${tag}`, queuePrefix: `testq-${tag}` };
}

/** Collects log lines in memory so tests can check what was (and was not) logged. */
export function memoryLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug' },
    {
      write(chunk: string) {
        lines.push(JSON.parse(chunk) as Record<string, unknown>);
      },
    },
  );
  return { logger, lines };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'complaints-test-'));
}

export function sampleComplaint(overrides: Partial<ComplaintJob> = {}): ComplaintJob {
  return {
    id: newComplaintId(),
    ticket: newTicket(),
    createdAt: new Date().toISOString(),
    channel: 'console',
    language: 'id',
    reporter: 'self',
    category: 'unpaid_wages',
    country: 'TW',
    description: 'Gaji saya belum dibayar tiga bulan.',
    employerName: 'Mr Lee',
    attachments: [],
    contact: { method: 'this_chat' },
    consent: true,
    urgent: false,
    ...overrides,
  };
}

export async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A throw-away redis-server on its own port, without persistence. */
export class PrivateRedis {
  private proc: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const probe = new Redis(this.port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    for (let i = 0; i < 100; i++) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`redis-server on ${this.port} did not start`);
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
    this.proc = null;
  }
}

export async function waitFor<T>(
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
  stepMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
