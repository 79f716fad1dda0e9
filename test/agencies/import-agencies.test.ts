import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createAgencyRegistry } from '../../src/agencies/agency-registry.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';

const HEADER = 'name,licence_no,status,valid_until,address,province';
const SAMPLE = readFileSync('data/agencies-sample.csv');
const redis = testRedis();
const prefixes: string[] = [];

function freshPrefix(): string {
  const p = testPrefix();
  prefixes.push(p);
  return p;
}

/** A second registry file: 25 agencies, and "PT Sinar Jaya Abadi" revoked under another licence. */
function otherRegistry(): string {
  const rows = [HEADER, 'PT Sinar Jaya Abadi,LAIN-0001,revoked,,Jl. Lain 1,Bali'];
  for (let i = 2; i <= 25; i++)
    rows.push(`PT Lain Nomor ${i},LAIN-${String(i).padStart(4, '0')},active,2028-01-01,Jl. ${i},Bali`);
  return rows.join('\n');
}

afterAll(async () => {
  for (const p of prefixes) await cleanPrefix(redis, p);
  await redis.quit();
});

describe('registry import', () => {
  it('loads a valid file, records its source date and sample flag, and answers from it', async () => {
    const registry = createAgencyRegistry({ redis, prefix: freshPrefix() });
    const report = await registry.importCsv(SAMPLE, { sourceDate: '2026-11-12', source: 'agencies-sample.csv' });
    expect(report).toMatchObject({ status: 'imported', loaded: 40, rejected: [] });
    if (report.status !== 'imported') return;
    expect(report.meta).toMatchObject({
      sourceDate: '2026-11-12',
      sample: true,
      count: 40,
      source: 'agencies-sample.csv',
    });
    expect(await registry.store.currentVersion()).toBe(report.meta.version);
    const lookup = await registry.lookup('sinar jaya abadi');
    expect(lookup).toMatchObject({ status: 'ok', result: { kind: 'found', agency: { licenceNo: 'CONTOH-0101' } } });
  });

  it('loads the good rows of a partly bad file and reports each bad row by line', async () => {
    const registry = createAgencyRegistry({ redis, prefix: freshPrefix() });
    const csv = [
      HEADER,
      'PT Satu,AB-001,active,,Jl. A,Bali',
      'PT Dua,AB-002,closed,,Jl. B,Bali',
      'PT Tiga,AB-003,active,,Jl. C,Bali',
    ];
    const report = await registry.importCsv(csv.join('\n'), { sourceDate: '2026-11-01' });
    expect(report).toMatchObject({ status: 'imported', loaded: 2, rejected: [{ line: 3 }] });
    expect((await registry.info())?.sample).toBe(false);
  });

  it('refuses a file where most rows are bad and keeps the registry it had', async () => {
    const registry = createAgencyRegistry({ redis, prefix: freshPrefix() });
    const first = await registry.importCsv(SAMPLE, { sourceDate: '2026-11-12' });
    const csv = [
      HEADER,
      'PT Satu,AB-001,active,,Jl. A,Bali',
      'PT Dua,AB-002,x,,Jl. B,Bali',
      'PT Tiga,AB-003,y,,Jl. C,Bali',
    ];
    const report = await registry.importCsv(csv.join('\n'), { sourceDate: '2026-11-20' });
    expect(report).toMatchObject({
      status: 'refused',
      loaded: 1,
      rejected: [{ line: 3 }, { line: 4 }],
      reason: expect.stringContaining('2 of 3'),
    });
    expect(first.status === 'imported' && (await registry.store.currentVersion()) === first.meta.version).toBe(true);
    expect((await registry.info())?.count).toBe(40);
  });

  it('refuses unreadable files without touching the registry', async () => {
    const registry = createAgencyRegistry({ redis, prefix: freshPrefix() });
    expect(await registry.importCsv('nama,izin\n', { sourceDate: '2026-11-12' })).toMatchObject({
      status: 'invalid-file',
    });
    expect(await registry.importCsv(`${HEADER}\n`, { sourceDate: '2026-11-12' })).toEqual({
      status: 'invalid-file',
      reason: 'the file has a header but no rows',
    });
    expect(await registry.importCsv(SAMPLE, { sourceDate: '12/11/2026' })).toMatchObject({ status: 'invalid-file' });
    expect(await registry.store.currentVersion()).toBeNull();
  });

  it('switches atomically: lookups during re-imports see one whole version, never an error', async () => {
    const prefix = freshPrefix();
    const reader = createAgencyRegistry({ redis, prefix, checkIntervalMs: 0 });
    const writerRedis = testRedis();
    const writer = createAgencyRegistry({ redis: writerRedis, prefix, oldVersionTtlSeconds: 1 });
    await writer.importCsv(SAMPLE, { sourceDate: '2026-11-12' });
    const other = otherRegistry();

    let running = true;
    const seen = new Map<number, number>();
    const problems: string[] = [];
    const loop = (async () => {
      while (running) {
        const r = await reader.lookup('PT Sinar Jaya Abadi');
        if (r.status !== 'ok') {
          problems.push(`unavailable: ${r.reason}`);
          continue;
        }
        seen.set(r.meta.count, (seen.get(r.meta.count) ?? 0) + 1);
        const expected = r.meta.count === 40 ? 'CONTOH-0101' : r.meta.count === 25 ? 'LAIN-0001' : 'none';
        if (r.result.kind !== 'found' || r.result.agency.licenceNo !== expected) {
          problems.push(`count ${r.meta.count} answered ${JSON.stringify(r.result).slice(0, 120)}`);
        }
      }
    })();
    for (let i = 0; i < 12; i++) {
      const report = await writer.importCsv(i % 2 === 0 ? other : SAMPLE, { sourceDate: '2026-11-12' });
      expect(report.status).toBe('imported');
      await new Promise((r) => setTimeout(r, 15));
    }
    running = false;
    await loop;
    await writerRedis.quit();
    expect(problems).toEqual([]);
    expect([...seen.keys()].sort()).toEqual([25, 40]);
  });

  it('keeps replaced versions readable for a while, then lets them expire', async () => {
    const prefix = freshPrefix();
    const registry = createAgencyRegistry({ redis, prefix, oldVersionTtlSeconds: 30 });
    const versions: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await registry.importCsv(SAMPLE, { sourceDate: '2026-11-12' });
      if (r.status === 'imported') versions.push(r.meta.version);
    }
    const ttl = await Promise.all(versions.map((v) => redis.pttl(`${prefix}:{agencies}:v:${v}`)));
    expect(ttl[2]).toBe(-1);
    for (const t of ttl.slice(0, 2)) expect(t).toBeGreaterThan(20_000);
    expect((await registry.store.load(versions[0]!))?.meta.version).toBe(versions[0]);
  });
});
