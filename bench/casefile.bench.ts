/**
 * `npm run bench:casefile [-- --runs 20]`
 *
 * Seeds one case with 20 events (4 status changes, 8 requests and 8 answers) and 10
 * attachments under a private Redis prefix, then times what `cases pack` does (read the case
 * and its events, build, sign, render the PDF, write the audit entry) and prints the median
 * and worst milliseconds and the file's size, with and without personal data. Cleans up.
 * Target: a case file in under 1 s on the 2-core machine.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { packCase } from '../src/casefile/pack-case.js';
import { loadChecklist } from '../src/casefile/referral-checklist.js';
import { appendEvent } from '../src/complaints/case-events.js';
import { changeStatus, createCase } from '../src/complaints/case-records.js';
import { newComplaintId, newTicket } from '../src/complaints/complaint-ids.js';
import { complaintKeys } from '../src/complaints/complaint-keys.js';
import type { ComplaintJob } from '../src/complaints/complaint-schema.js';
import { parseConfig } from '../src/config.js';
import { createTranslator, loadLocales } from '../src/i18n/create-translator.js';
import { closeRedis, createRedis } from '../src/redis.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const RUNS = Number(values.runs);
const config = parseConfig(process.env);
const redis = createRedis(config.redisUrl);
const prefix = `bench-casefile-${randomUUID().slice(0, 8)}`;
const keys = complaintKeys(prefix);
const t0 = Date.parse('2026-11-02T02:00:00.000Z');
const at = (m: number) => new Date(t0 + m * 60_000).toISOString();

async function seed(): Promise<ComplaintJob> {
  const c: ComplaintJob = {
    id: newComplaintId(),
    ticket: newTicket(),
    createdAt: at(0),
    channel: 'telegram',
    language: 'id',
    reporter: 'self',
    category: 'unpaid_wages',
    country: 'TW',
    description: 'Gaji saya tidak dibayar sejak Agustus. '.repeat(20).trim(),
    agencyName: 'PT Contoh Sejahtera',
    attachments: Array.from({ length: 10 }, (_, i) => ({
      kind: 'photo' as const,
      ref: `ph-${i}`,
      channel: 'telegram' as const,
    })),
    contact: { method: 'this_chat' },
    consent: true,
    urgent: false,
  };
  await createCase(redis, keys, c, at(1));
  for (const [i, status] of (['in_review', 'referred', 'in_review', 'referred'] as const).entries()) {
    await changeStatus(redis, keys, c.id, { status, at: at(60 * (i + 1)), by: 'telegram:900', note: `catatan ${i}` });
  }
  for (let i = 0; i < 8; i++) {
    const requestId = `req-${i}`;
    await appendEvent(redis, keys, c.id, {
      kind: 'request',
      requestId,
      at: at(300 + i * 30),
      by: 'telegram:900',
      text: 'Mohon kirim foto kontrak kerja',
    });
    await appendEvent(redis, keys, c.id, {
      kind: 'answer',
      requestId,
      at: at(310 + i * 30),
      text: `jawaban ${i}`,
      attachments: [{ kind: 'document', ref: `doc-${i}`, channel: 'telegram', fileName: `kontrak-${i}.pdf` }],
    });
  }
  return c;
}

async function main() {
  const c = await seed();
  const tr = createTranslator(loadLocales('locales'));
  const deps = {
    redis,
    prefix,
    checklist: loadChecklist(),
    timeZone: 'Asia/Jakarta',
    t: (key: string, params?: Record<string, string | number>) => tr.t('id', key, params),
    lang: 'id' as const,
    secret: 'bench-secret',
  };
  for (const withPersonal of [false, true]) {
    const ms: number[] = [];
    let size = 0;
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const r = await packCase(deps, { ticket: c.ticket, withPersonal, operator: 'bench', via: 'bench' });
      ms.push(performance.now() - start);
      if (r.result === 'ok') size = r.pdf.length;
    }
    ms.sort((a, b) => a - b);
    const median = ms[Math.floor(ms.length / 2)] ?? 0;
    const worst = ms.at(-1) ?? 0;
    process.stdout.write(
      `case file (20 events, 10 attachments${withPersonal ? ', personal' : ''}): median ${median.toFixed(1)} ms, worst ${worst.toFixed(1)} ms over ${RUNS} runs; ${size} bytes\n`,
    );
  }
}

main()
  .finally(async () => {
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (found.length > 0) await redis.del(...found);
    } while (cursor !== '0');
    await closeRedis(redis);
  })
  .catch((err: unknown) => {
    process.stderr.write(`bench:casefile: ${(err as Error).message}\n`);
    process.exit(1);
  });
