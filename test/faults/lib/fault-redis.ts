/**
 * A private redis-server on a spare port for one scenario, restartable on the same port.
 *
 * Persistence is AOF (appendonly yes, appendfsync everysec, no RDB snapshots), the setting
 * the architecture asks of production Redis: every write is appended to the file before the
 * reply goes out, so a restart, graceful or SIGKILL, keeps sessions, locks, dedup keys, jobs
 * and cases. With RDB only, a restart would roll Redis back to the last snapshot and silently
 * drop acknowledged complaints, which is exactly what the scenarios must not tolerate.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

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

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class FaultRedis {
  private proc: ChildProcess | null = null;
  /** Restarts done, for the report. */
  restarts = 0;

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly persistence: 'aof' | 'none',
  ) {}

  static async create(persistence: 'aof' | 'none' = 'aof'): Promise<FaultRedis> {
    const server = new FaultRedis(await sparePort(), mkdtempSync(join(tmpdir(), 'faults-redis-')), persistence);
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.proc !== null && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async start(): Promise<void> {
    const persistence =
      this.persistence === 'aof' ? ['--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no'];
    this.proc = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        ...persistence,
        '--maxmemory-policy',
        'noeviction',
        '--protected-mode',
        'no',
      ],
      { stdio: 'ignore' },
    );
    const probe = new Redis(this.port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      for (let i = 0; i < 200; i++) {
        try {
          if (probe.status !== 'ready') await probe.connect();
          // LOADING replies make ping throw until the AOF is read back.
          if ((await probe.ping()) === 'PONG') return;
        } catch {
          await sleep(25);
        }
      }
      throw new Error(`redis-server on ${this.port} did not start`);
    } finally {
      probe.disconnect();
    }
  }

  /** `graceful`: SIGTERM (Redis flushes the AOF and exits); `kill`: SIGKILL, a crash. */
  async stop(mode: 'graceful' | 'kill'): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill(mode === 'graceful' ? 'SIGTERM' : 'SIGKILL');
    await exited;
    this.proc = null;
  }

  async restart(mode: 'graceful' | 'kill', downMs: number): Promise<void> {
    await this.stop(mode);
    await sleep(downMs);
    await this.start();
    this.restarts += 1;
  }

  /** SIGSTOP: connections stay open, nothing is answered (a hung server or a partition). */
  freeze(): void {
    this.proc?.kill('SIGSTOP');
  }

  thaw(): void {
    this.proc?.kill('SIGCONT');
  }

  async destroy(): Promise<void> {
    this.thaw();
    await this.stop('kill');
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A plain client for the test's own checks. */
  client(): Redis {
    const c = new Redis(this.url, { maxRetriesPerRequest: 5 });
    c.on('error', () => undefined);
    return c;
  }
}
