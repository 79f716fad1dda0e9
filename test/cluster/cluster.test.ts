/**
 * Two bot processes against a local three-node Redis Cluster, each taking a scripted
 * complaint: both cases are stored, once each. Skipped, with the reason, when this machine's
 * redis-server cannot run a cluster.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationKeys } from '../../src/dialogue/conversation-keys.js';
import { createLogger } from '../../src/logger.js';
import { createRateLimits } from '../../src/ops/rate-limits.js';
import { createDataEraser, createRelayHistoryEraser } from '../../src/privacy/data-eraser.js';
import { createRetentionJob } from '../../src/privacy/retention-job.js';
import { scanKeys } from '../../src/privacy/scan-keys.js';
import { closeRedis, createRedis } from '../../src/redis.js';

const dir = mkdtempSync(join(tmpdir(), 'cluster-test-'));
const servers: ChildProcess[] = [];

afterAll(() => {
  for (const s of servers) s.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function redisVersion(): string | null {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? (/v=(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1] ?? null) : null;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A port whose cluster bus port (port + 10000) is free too. */
async function sparePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < n) {
    const p = 20_000 + Math.floor(Math.random() * 10_000);
    if (!ports.includes(p) && (await portFree(p)) && (await portFree(p + 10_000))) ports.push(p);
  }
  return ports;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startCluster(): Promise<{ ports: number[] } | { problem: string }> {
  const ports = await sparePorts(3);
  for (const port of ports) {
    const s = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--protected-mode',
        'no',
      ],
      { stdio: 'ignore' },
    );
    servers.push(s);
  }
  for (const port of ports) {
    let up = false;
    for (let i = 0; i < 50 && !up; i++) {
      up = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG';
      if (!up) await sleep(100);
    }
    if (!up) return { problem: `redis-server with --cluster-enabled did not start on port ${port}` };
  }
  const create = spawnSync(
    'redis-cli',
    ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'],
    { encoding: 'utf8', timeout: 30_000 },
  );
  if (create.status !== 0) return { problem: `redis-cli --cluster create failed: ${create.stdout}${create.stderr}` };
  for (let i = 0; i < 100; i++) {
    const states = ports.map(
      (p) => spawnSync('redis-cli', ['-p', String(p), 'cluster', 'info'], { encoding: 'utf8' }).stdout,
    );
    if (states.every((s) => s.includes('cluster_state:ok'))) return { ports };
    await sleep(100);
  }
  return { problem: 'the cluster did not reach cluster_state:ok' };
}

const COMPLAINT = (who: string) => `halo
saya mau lapor, gaji saya tidak dibayar majikan
ya
1
taiwan
Gaji saya tidak dibayar tiga bulan oleh majikan ${who}
-
1
ya
1
`;

function runBot(
  ports: number[],
  user: string,
  script: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = join(dir, `${user}.txt`);
  writeFileSync(file, script);
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'chat', '--', '--script', file, '--user', user, '--reset'], {
      env: {
        ...process.env,
        REDIS_URL: clusterUrl(ports),
        QUEUE_PREFIX: '{bull}',
        REDIS_PREFIX: 'pmi',
        SPOOL_DIR: join(dir, `spool-${user}`),
        WHATSAPP_DATA_DIR: join(dir, `wa-${user}`),
        HTTP_PORT: '0',
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'info',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const version = redisVersion();
const major = Number(version?.split('.')[0] ?? 0);
let cluster: { ports: number[] } | { problem: string } = {
  problem: `redis-server ${version ?? 'missing'} has no cluster mode`,
};
const clusterUrl = (ports: number[]) => `redis-cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`;

beforeAll(async () => {
  if (major >= 5) cluster = await startCluster();
  if ('problem' in cluster) console.warn(`Redis Cluster tests skipped: ${cluster.problem}`);
}, 60_000);

describe('Redis Cluster', () => {
  it('runs the erasers, the rate limits and the retention scheduler with a {bull} queue prefix', async (ctx) => {
    if ('problem' in cluster) return ctx.skip();
    const redis = createRedis(clusterUrl(cluster.ports));
    const logger = createLogger({ level: 'silent', format: 'json' });
    try {
      // Keys of many conversations land on all three nodes; the eraser must find them there.
      for (let i = 0; i < 30; i++) {
        const k = conversationKeys('pmi', 'telegram', `u${i}`);
        await redis.set(k.session, '{}');
        await redis.set(k.dedup('m1'), '1');
        await redis.rpush(`pmi:relay:{telegram:u${i}}:history`, 'x');
      }
      const eraser = createDataEraser({
        redis,
        prefix: 'pmi',
        logger,
        erasers: [createRelayHistoryEraser({ redis, prefix: 'pmi' })],
      });
      for (let i = 0; i < 30; i++) {
        const r = await eraser.erase({ channel: 'telegram', userId: `u${i}` });
        expect(r).toEqual({ deleted: ['relay_history', 'conversation'], failed: [] });
      }
      const left: string[] = [];
      for await (const batch of scanKeys(redis, 'pmi:*{telegram:u*')) left.push(...batch);
      expect(left).toEqual([]);

      const limits = createRateLimits({ redis, prefix: 'pmi', userPerMinute: 2, channelPerSecond: 1000 });
      const checks = [];
      for (let i = 0; i < 3; i++) checks.push(await limits.check({ channel: 'telegram', userId: 'flood' }));
      expect(checks.map((c) => c.ok)).toEqual([true, true, false]);

      const retention = createRetentionJob({
        connection: clusterUrl(cluster.ports),
        queuePrefix: '{bull}',
        redisPrefix: 'pmi',
        retentionDays: 30,
        logger,
      });
      await retention.start();
      expect(await retention.runOnce()).toMatchObject({ stripped: 0 });
      await retention.close();
      const queue = new Queue('privacy-retention', { connection: redis, prefix: '{bull}' });
      expect(await queue.getJobSchedulers()).toHaveLength(1);
      await queue.close();
    } finally {
      await closeRedis(redis);
    }
  }, 60_000);

  it('two bot processes store one case each', async (ctx) => {
    if ('problem' in cluster) return ctx.skip();
    const { ports } = cluster;
    const [a, b] = await Promise.all([
      runBot(ports, 'cluster-user-a', COMPLAINT('Tuan A')),
      runBot(ports, 'cluster-user-b', COMPLAINT('Tuan B')),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const tickets = [a, b].map((r) => /ADU-[0-9A-Z]{8}/.exec(r.stdout)?.[0]);
    expect(tickets[0], a.stdout).toBeDefined();
    expect(tickets[1], b.stdout).toBeDefined();
    expect(tickets[0]).not.toBe(tickets[1]);
    // Nothing waits in a spool: both went through the cluster.
    for (const user of ['cluster-user-a', 'cluster-user-b']) {
      let spooled: string[] = [];
      try {
        spooled = readdirSync(join(dir, `spool-${user}`));
      } catch {
        spooled = [];
      }
      expect(
        spooled.filter((f) => f.endsWith('.jsonl')),
        `${a.stderr}\n${b.stderr}`,
      ).toEqual([]);
    }

    const client = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
    try {
      const caseKeys: string[] = [];
      for await (const batch of scanKeys(client, 'pmi:*case:*'))
        caseKeys.push(...batch.filter((k) => !k.includes('history')));
      expect(caseKeys).toHaveLength(2);
      const stored = await Promise.all(caseKeys.map((k) => client.hget(k, 'ticket')));
      expect(stored.sort()).toEqual([...tickets].sort());
      expect(await client.zcard('{bull}:complaints:completed')).toBe(2);
    } finally {
      client.disconnect();
    }
  }, 240_000);
});
