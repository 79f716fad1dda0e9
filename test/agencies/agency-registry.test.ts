import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createAgencyRegistry } from '../../src/agencies/agency-registry.js';
import { createRedis } from '../../src/redis.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';

const SAMPLE = readFileSync('data/agencies-sample.csv');
const redis = testRedis();
const prefix = testPrefix();

afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

/** A client for a port nothing listens on: every command fails at once. */
function deadRedis() {
  const client = createRedis('redis://127.0.0.1:1', { enableOfflineQueue: false, lazyConnect: true });
  client.on('error', () => {});
  return client;
}

describe('createAgencyRegistry', () => {
  it('is "unavailable: empty" before any import', async () => {
    const registry = createAgencyRegistry({ redis, prefix: `${prefix}:empty` });
    expect(await registry.lookup('sinar jaya')).toEqual({ status: 'unavailable', reason: 'empty' });
    expect(await registry.info()).toBeNull();
  });

  it('notices another process switching versions, within the check interval', async () => {
    let clock = 0;
    const other = createAgencyRegistry({ redis, prefix });
    const registry = createAgencyRegistry({ redis, prefix, checkIntervalMs: 5000, now: () => clock });
    const v1 = await other.importCsv(SAMPLE, { sourceDate: '2026-11-01' });
    expect((await registry.info())?.version).toBe(v1.status === 'imported' ? v1.meta.version : 'x');

    const v2 = await other.importCsv(SAMPLE, { sourceDate: '2026-11-20' });
    clock = 1000;
    expect((await registry.info())?.sourceDate).toBe('2026-11-01');
    clock = 6000;
    const now = await registry.lookup('sinar jaya abadi');
    expect(now.status === 'ok' && now.meta.version).toBe(v2.status === 'imported' ? v2.meta.version : 'x');
    expect(now.status === 'ok' && now.meta.sourceDate).toBe('2026-11-20');
  });

  it('resolves a choice id to its agency, and an unknown id to "none"', async () => {
    const registry = createAgencyRegistry({ redis, prefix });
    expect(await registry.lookup('lic:CONTOH0124')).toMatchObject({
      status: 'ok',
      result: { kind: 'found', by: 'licence', agency: { name: 'PT Bintang Timur Perkasa', status: 'suspended' } },
    });
    expect(await registry.lookup('lic:NOPE999')).toMatchObject({
      status: 'ok',
      result: { kind: 'none', by: 'licence' },
    });
  });

  it('answers "unavailable: redis" when Redis cannot be reached and nothing was loaded', async () => {
    const dead = deadRedis();
    const registry = createAgencyRegistry({ redis: dead, prefix, timeoutMs: 300 });
    const started = Date.now();
    expect(await registry.lookup('sinar jaya')).toEqual({ status: 'unavailable', reason: 'redis' });
    expect(Date.now() - started).toBeLessThan(1000);
    dead.disconnect();
  });

  it('keeps answering from the loaded registry when Redis goes away', async () => {
    const own = testRedis();
    let clock = 0;
    const registry = createAgencyRegistry({
      redis: own,
      prefix,
      checkIntervalMs: 10,
      timeoutMs: 300,
      now: () => clock,
    });
    const before = await registry.lookup('maju jaya sentosa');
    expect(before.status).toBe('ok');
    own.disconnect();
    clock = 1000;
    const after = await registry.lookup('maju jaya sentosa');
    expect(after).toMatchObject({ status: 'ok', result: { kind: 'found', agency: { licenceNo: 'CONTOH-0104' } } });
  });
});
