/**
 * The backup and restore recipe of docs/deployment.md, with real servers: cases written by the
 * real case store into a password-protected Redis with AOF, dumped with
 * deploy/redis-backup.sh while it runs, restored with deploy/redis-restore.sh into a fresh
 * data folder, and read back from a new server started as production starts it (AOF on),
 * also after that server restarts (the data must be in its AOF, not only in dump.rdb).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { changeStatus, createCase } from '../../src/complaints/case-records.js';
import { complaintKeys } from '../../src/complaints/complaint-keys.js';
import { findCases } from '../../src/privacy/case-export.js';
import { sampleComplaint, sparePort } from '../complaints/complaint-test-kit.js';

const dir = mkdtempSync(join(tmpdir(), 'redis-backup-'));
const running: ChildProcess[] = [];
afterAll(() => {
  for (const p of running) if (p.exitCode === null) p.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A production-like server: AOF on, noeviction, a password, data in `data`. */
async function server(
  data: string,
  password: string,
): Promise<{ port: number; client: Redis; stop: () => Promise<void> }> {
  const port = await sparePort();
  const proc = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      data,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--maxmemory-policy',
      'noeviction',
      '--requirepass',
      password,
    ],
    { stdio: 'ignore' },
  );
  running.push(proc);
  const client = new Redis({ port, host: '127.0.0.1', password, lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  for (let i = 0; ; i++) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch {
      if (i > 100) throw new Error('redis-server did not start');
      client.disconnect();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    port,
    client,
    async stop() {
      client.disconnect();
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

describe('Redis backup and restore (deploy/redis-backup.sh, deploy/redis-restore.sh)', () => {
  it('restores every case, with its status history, into a fresh server that keeps them across restarts', async () => {
    const prefix = 'pmi';
    const keys = complaintKeys(prefix);
    const source = await server(mkdtempSync(join(dir, 'a-')), 'old-password');
    const filed = [
      sampleComplaint({ category: 'unpaid_wages', country: 'TW' }),
      sampleComplaint({ category: 'violence', country: 'MY', urgent: true, description: 'Saya dipukul, tolong.' }),
      sampleComplaint({ category: 'document_withheld', country: 'HK' }),
    ];
    for (const c of filed) await createCase(source.client, keys, c, c.createdAt);
    const [first] = filed;
    if (!first) throw new Error('no case');
    await changeStatus(source.client, keys, first.id, {
      status: 'in_review',
      at: new Date().toISOString(),
      by: 'Sari',
    });
    await source.client.set(`${prefix}:session:{console:u1}`, '{"v":1}');
    const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    const before = byId((await findCases(source.client, prefix, {})).cases);
    expect(before).toHaveLength(3);

    const dump = join(dir, 'backup.rdb');
    const backup = spawnSync('sh', ['deploy/redis-backup.sh', dump], {
      encoding: 'utf8',
      env: { ...process.env, REDIS_PORT: String(source.port), REDIS_PASSWORD: 'old-password' },
    });
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^backup: \d+ keys, \d+ bytes -> .*backup\.rdb$/m);
    expect(JSON.stringify(backup)).not.toContain('old-password');
    await source.stop();

    const fresh = mkdtempSync(join(dir, 'b-'));
    const restore = spawnSync('sh', ['deploy/redis-restore.sh', dump, fresh], { encoding: 'utf8' });
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/^restore: \d+ keys from .* written to /m);

    for (const round of ['after the restore', 'after a restart']) {
      const target = await server(fresh, 'new-password');
      const after = byId((await findCases(target.client, prefix, {})).cases);
      expect(after, round).toEqual(before);
      expect(
        after.find((c) => c.id === first.id)?.history.map((h) => h.status),
        round,
      ).toEqual(['received', 'in_review']);
      expect(await target.client.get(`${prefix}:session:{console:u1}`), round).toBe('{"v":1}');
      await target.stop();
    }
  }, 60_000);

  it('refuses a missing dump and leaves the data folder alone', () => {
    const data = mkdtempSync(join(dir, 'c-'));
    const run = spawnSync('sh', ['deploy/redis-restore.sh', join(dir, 'nope.rdb'), data], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/missing or empty/);
  });
});
