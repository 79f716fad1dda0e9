import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseStore } from '../../src/complaints/case-store.js';
import { newComplaintId, newTicket } from '../../src/complaints/complaint-ids.js';
import { createComplaintIntake } from '../../src/complaints/complaint-intake.js';
import { complaintKeys } from '../../src/complaints/complaint-keys.js';
import type { ComplaintJob } from '../../src/complaints/complaint-schema.js';
import { createComplaintWorker } from '../../src/complaints/complaint-worker.js';
import { createLogger } from '../../src/logger.js';
import { csvCell } from '../../src/privacy/case-export.js';
import { cleanPrefix, REDIS_URL, testPrefix, testRedis } from '../helpers/redis.js';

const redis = testRedis();
const prefix = testPrefix();
const queuePrefix = `${prefix}:bull`;
const logger = createLogger({ level: 'silent', format: 'json' });
const dir = mkdtempSync(join(tmpdir(), 'cases-cli-'));
const keys = complaintKeys(prefix);

const complaint = (o: Partial<ComplaintJob>): ComplaintJob => ({
  id: newComplaintId(),
  ticket: newTicket(),
  createdAt: '2026-03-10T08:00:00.000Z',
  channel: 'telegram',
  language: 'id',
  reporter: 'self',
  category: 'unpaid_wages',
  country: 'HK',
  description: 'Gaji belum dibayar, "majikan" marah, hubungi 0812-555-0101',
  employerName: 'Mrs Wong',
  attachments: [],
  contact: { method: 'this_chat' },
  consent: true,
  urgent: false,
  ...o,
});

const march = complaint({});
const april = complaint({ createdAt: '2026-04-02T08:00:00.000Z', category: 'violence', country: 'MY', urgent: true });
const formula = complaint({ createdAt: '2026-03-11T08:00:00.000Z', description: '=HYPERLINK("http://x")' });

function cases(...args: string[]) {
  const r = spawnSync(join('node_modules', '.bin', 'tsx'), ['src/cli/cases.ts', ...args], {
    env: { ...process.env, REDIS_PREFIX: prefix, LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  const intake = createComplaintIntake({
    connection: REDIS_URL,
    queuePrefix,
    redisPrefix: prefix,
    spoolDir: dir,
    logger,
    replayEveryMs: 0,
  });
  for (const c of [march, april, formula]) await intake.submit({ complaint: c, userId: '85291234567' });
  const worker = createComplaintWorker({ connection: REDIS_URL, queuePrefix, redisPrefix: prefix, logger });
  const until = Date.now() + 10_000;
  while ((await redis.exists(keys.case(march.id), keys.case(april.id), keys.case(formula.id))) < 3) {
    if (Date.now() > until) throw new Error('cases not stored');
    await new Promise((r) => setTimeout(r, 50));
  }
  await worker.close();
  await intake.close();
  const store = createCaseStore({ redis, prefix });
  await store.setStatus(april.ticket, 'closed', {
    note: 'rujuk ke KBRI, telp 0812-555-0101',
  });
  // Staff took the conversation that filed the March case (the handover's `taken` event).
  await store.markTaken(march.ticket, Date.now());
});

afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

describe('csv cells', () => {
  it('quotes separators and defuses spreadsheet formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"\nbye')).toBe('"say ""hi""\nbye"');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-5 jam')).toBe("'-5 jam");
    expect(csvCell(-5)).toBe('-5');
  });
});

describe('npm run cases', () => {
  it('exports anonymous CSV by date range, category, country and status', () => {
    const all = cases('export', '--from', '2026-03-01', '--to', '2026-04-30');
    expect(all.code, all.stderr).toBe(0);
    const rows = parse(all.stdout, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => r.ticket)).toEqual([march.ticket, formula.ticket, april.ticket]);
    expect(Object.keys(rows[0] ?? {})).not.toContain('description');
    expect(all.stdout).not.toMatch(/Mrs Wong|0812|85291234567|Gaji/);
    const march1 = parse(cases('export', '--to', '2026-03-10').stdout, { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    expect(march1.map((r) => r.ticket)).toEqual([march.ticket]);
    const closed = parse(cases('export', '--status', 'closed', '--country', 'my', '--category', 'violence').stdout, {
      columns: true,
      bom: true,
    }) as Record<string, string>[];
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({
      ticket: april.ticket,
      status: 'closed',
      urgent: 'true',
      personal_data_erased: 'false',
    });
  });

  it('writes UTF-8 with a BOM for Excel, times in the hotline zone, and when staff took and closed each case', () => {
    const run = cases('export', '--from', '2026-03-01', '--to', '2026-04-30');
    expect(run.stdout.startsWith('\uFEFFticket,created_at,updated_at,taken_at,closed_at,status,')).toBe(true);
    const rows = parse(run.stdout, { columns: true, bom: true }) as Record<string, string>[];
    const byTicket = new Map(rows.map((r) => [r.ticket, r]));
    // 08:00 UTC is 15:00 in Jakarta (HOTLINE_TIMEZONE default).
    expect(byTicket.get(march.ticket)).toMatchObject({
      created_at: '2026-03-10T15:00:00+07:00',
      taken_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/),
      closed_at: '',
    });
    const closed = byTicket.get(april.ticket);
    expect(closed?.closed_at).toMatch(/\+07:00$/);
    expect(closed?.taken_at).toBe(closed?.closed_at);
    expect(byTicket.get(formula.ticket)).toMatchObject({ taken_at: '', closed_at: '' });
  });

  it('lists and shows cases without personal data by default', () => {
    const list = cases('list', '--country', 'HK');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(march.ticket);
    expect(list.stdout).not.toContain(april.ticket);
    const show = cases('show', april.ticket.toLowerCase());
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('closed');
    expect(show.stdout).not.toMatch(/Mrs Wong|0812|KBRI/);
  });

  it('shows personal fields only with --with-personal and an operator, and audits that use', async () => {
    const refused = cases('export', '--with-personal');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--operator');
    expect(refused.stdout).toBe('');
    const out = join(dir, 'personal.csv');
    const exported = cases(
      'export',
      '--with-personal',
      '--operator',
      'supervisor-ani',
      '--from',
      '2026-03-11',
      '--out',
      out,
    );
    expect(exported.code, exported.stderr).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => r.ticket)).toEqual([formula.ticket, april.ticket]);
    expect(rows[0]?.description).toBe(`'=HYPERLINK("http://x")`);
    expect(rows[1]?.reporter_user_id).toBe('telegram:85291234567');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const show = cases('show', april.ticket, '--with-personal', '--operator', 'supervisor-ani');
    expect(show.stdout).toContain('rujuk ke KBRI');
    const audit = await redis.xrange(`${prefix}:audit`, '-', '+');
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).toContain('supervisor-ani');
    expect(exported.stderr + show.stderr).toContain('personal case data accessed');
    // The audit trail itself carries no personal data of the workers.
    expect(JSON.stringify(audit)).not.toMatch(/85291234567|Mrs Wong/);
  });
});
