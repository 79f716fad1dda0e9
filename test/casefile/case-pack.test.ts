/**
 * The referral case file: `npm run --silent cases -- pack ADU-XXXXXXXX --out FILE.pdf` makes a
 * PDF that opens and holds the chronology, the requests and answers, the evidence list, the
 * missing documents for the category, the consent statement and a signature that matches;
 * personal fields only with --with-personal --operator; every file is in the audit stream.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgencySubstantiation } from '../../src/agencies/agency-substantiation.js';
import { buildCaseFileContent, signCaseFile } from '../../src/casefile/case-file-content.js';
import { packCase } from '../../src/casefile/pack-case.js';
import { checklistFor, loadChecklist } from '../../src/casefile/referral-checklist.js';
import { appendEvent, readEvents } from '../../src/complaints/case-events.js';
import { changeStatus, createCase, readCase } from '../../src/complaints/case-records.js';
import { complaintKeys } from '../../src/complaints/complaint-keys.js';
import type { CaseStatus, ComplaintJob } from '../../src/complaints/complaint-schema.js';
import { sampleComplaint } from '../complaints/complaint-test-kit.js';
import { translator } from '../helpers/engine-fixtures.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { pdfPages } from './pdf-text.js';

const redis = testRedis();
const prefix = testPrefix();
const keys = complaintKeys(prefix);
const dir = mkdtempSync(join(tmpdir(), 'case-pack-'));
const SECRET = 'test-case-file-secret';
/** Each CLI run starts tsx: seconds each on a busy 2-core machine. */
const CLI_TIMEOUT_MS = 120_000;
const t = (key: string, params?: Record<string, string | number>) => translator.t('id', key, params);
const T0 = Date.parse('2026-11-02T02:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function cases(...args: string[]) {
  const r = spawnSync(join('node_modules', '.bin', 'tsx'), ['src/cli/cases.ts', ...args], {
    env: { ...process.env, REDIS_PREFIX: prefix, LOG_FORMAT: 'json', LOG_LEVEL: 'info', CASE_FILE_SECRET: SECRET },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let big: ComplaintJob;

/** A case with 10 attachments and 20 events: status changes, requests and answers. */
async function bigCase(): Promise<ComplaintJob> {
  const c = sampleComplaint({
    createdAt: at(0),
    description: 'Majikan menahan gaji saya sejak Agustus dan paspor saya disimpan agensi.',
    agencyName: 'PT Contoh Sejahtera',
    attachments: Array.from({ length: 10 }, (_, i) => ({
      kind: 'photo' as const,
      ref: `ph-${i}`,
      channel: 'console' as const,
    })),
  });
  await createCase(redis, keys, c, at(1));
  const statuses: CaseStatus[] = ['in_review', 'referred', 'in_review', 'referred'];
  for (const [i, s] of statuses.entries()) {
    await changeStatus(redis, keys, c.id, {
      status: s,
      at: at(60 * (i + 1)),
      by: 'telegram:900',
      note: `catatan ${i}`,
    });
  }
  const asks = ['Mohon kirim foto kontrak kerja', 'Mohon kirim paspor', 'Kapan gaji terakhir dibayar?'];
  for (let i = 0; i < 8; i++) {
    const requestId = `req-${i}`;
    const text = asks[i % asks.length] as string;
    await appendEvent(redis, keys, c.id, {
      kind: 'request',
      requestId,
      at: at(300 + i * 30),
      by: 'telegram:900',
      text,
    });
    await appendEvent(redis, keys, c.id, {
      kind: 'answer',
      requestId,
      at: at(310 + i * 30),
      text: `jawaban ${i}`,
      attachments:
        i % 3 === 2 ? [] : [{ kind: 'document', ref: `doc-${i}`, channel: 'console', fileName: `berkas-${i}.pdf` }],
    });
  }
  return c;
}

beforeAll(async () => {
  big = await bigCase();
});
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

describe('referral case file', () => {
  it(
    'npm run cases -- pack writes a PDF that opens, with chronology, requests, evidence, checklist and consent',
    async () => {
      const out = join(dir, 'case.pdf');
      const r = cases('pack', big.ticket, '--out', out);
      expect(r.stderr).toContain(`${big.ticket} written to ${out}`);
      expect(r.code).toBe(0);
      const bytes = readFileSync(out);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const text = (await pdfPages(bytes)).join('\n');
      expect(text).toContain(`Berkas Rujukan Kasus ${big.ticket}`);
      expect(text).toContain('Kronologi');
      expect(text).toContain('Pengaduan diajukan lewat chat: Gaji tidak dibayar, TW');
      // Dated in the hotline's zone: 02:00 UTC is 09.00 in Jakarta.
      expect(text).toMatch(/2 Nov 2026,? 09\.00/);
      expect(text).toContain('Status menjadi "diteruskan"');
      expect(text).toContain('Petugas meminta dokumen atau jawaban');
      expect(text).toContain('Pekerja menjawab');
      expect(text).toContain('Bukti yang diterima');
      expect(text.match(/dikirim saat mengadu/g)).toHaveLength(10);
      expect(text).toContain('Daftar dokumen untuk rujukan');
      // Asked and answered with a file: received. Never asked: missing, for this category too.
      expect(text).toContain('[ada] Perjanjian kerja');
      expect(text).toContain('[ada] Paspor');
      expect(text).toContain('[belum ada] Surat kuasa');
      expect(text).toContain('[belum ada] Kartu Keluarga');
      expect(text).toContain('[belum ada] Slip gaji');
      expect(text).toContain('pelapor menyetujui');
      expect(text).toContain('HMAC-SHA256');
      // Without --with-personal: no story, no names, no notes, no request or answer text, no file names.
      expect(text).not.toMatch(/Majikan menahan|PT Contoh|catatan 0|jawaban 0|berkas-0\.pdf|Mohon kirim/);
      expect(statSync(out).mode & 0o777).toBe(0o644);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'personal fields only with --with-personal --operator, and every file is audited with its signature',
    async () => {
      expect(cases('pack', big.ticket, '--out', join(dir, 'x.pdf'), '--with-personal').code).toBe(2);
      expect(cases('pack', big.ticket).code).toBe(2);
      expect(cases('pack', 'ADU-00000000', '--out', join(dir, 'none.pdf')).stderr).toContain('no case ADU-00000000');
      const out = join(dir, 'personal.pdf');
      const r = cases('pack', big.ticket, '--out', out, '--with-personal', '--operator', 'Sari');
      expect(r.code).toBe(0);
      const text = (await pdfPages(readFileSync(out))).join('\n');
      expect(text).toContain('Majikan menahan gaji saya');
      expect(text).toContain('PT Contoh Sejahtera');
      expect(text).toContain('Mohon kirim foto kontrak kerja');
      expect(text).toContain('jawaban 0');
      expect(text).toContain('berkas-0.pdf');
      expect(statSync(out).mode & 0o777).toBe(0o600);
      const audit = await redis.xrange(`${prefix}:audit`, '-', '+');
      const packs = audit.map(([, f]) => Object.fromEntries(f.flatMap((v, i, a) => (i % 2 ? [] : [[v, a[i + 1]]]))));
      expect(packs.map((p) => p.personal)).toEqual(['false', 'true']);
      expect(packs[1]).toMatchObject({ command: 'pack', operator: 'Sari', ticket: big.ticket, via: 'cli' });
      expect(packs[1]?.sha256).toMatch(/^[0-9a-f]{64}$/);
      const sig = /hmac ([0-9a-f]{64})/.exec(r.stderr)?.[1];
      expect(packs[1]?.signature).toBe(sig);
    },
    CLI_TIMEOUT_MS,
  );

  it('the signature is an HMAC over exactly what the file shows: any change breaks it', async () => {
    const record = await readCase(redis, keys, big.id);
    const events = await readEvents(redis, keys, big.id);
    const checklist = loadChecklist();
    const o = { withPersonal: false, timeZone: 'Asia/Jakarta', lang: 'id' as const, t, now: T0 + 86_400_000 };
    const content = buildCaseFileContent(record as NonNullable<typeof record>, events, checklist, o);
    const packed = await packCase(
      { redis, prefix, checklist, timeZone: 'Asia/Jakarta', t, lang: 'id', secret: SECRET, now: () => o.now },
      { ticket: big.ticket, withPersonal: false, operator: 'test', via: 'test' },
    );
    expect(packed.result === 'ok' && packed.signature).toBe(signCaseFile(content, SECRET));
    const changed = { ...content, chronology: content.chronology.slice(1) };
    expect(signCaseFile(changed, SECRET)).not.toBe(signCaseFile(content, SECRET));
    const unsigned = await packCase(
      { redis, prefix, checklist, timeZone: 'Asia/Jakarta', t, lang: 'id' },
      { ticket: big.ticket, withPersonal: false, operator: 'test', via: 'test' },
    );
    expect(unsigned.result === 'ok' && unsigned.signature).toBeNull();
    const text = unsigned.result === 'ok' ? (await pdfPages(unsigned.pdf)).join('\n') : '';
    expect(text).toContain('tidak ditandatangani');
  });

  it(
    'cases -- overdue lists open cases past their deadline; cases -- agencies lists agencies by substantiated cases',
    async () => {
      const overdue = cases('overdue');
      expect(overdue.code).toBe(0);
      expect(overdue.stdout).toMatch(new RegExp(`^${big.ticket}  due 2026-11-05T23:59:59\\+07:00  referred`, 'm'));
      await createAgencySubstantiation({ redis, prefix }).mark({
        ticket: big.ticket,
        licenceKey: 'CONTOH0101',
        name: 'PT Sinar Jaya Abadi',
        licenceNo: 'CONTOH-0101',
        at: Date.now(),
      });
      const agencies = cases('agencies');
      expect(agencies.code).toBe(0);
      expect(agencies.stdout).toMatch(/^\s+1 {2}CONTOH-0101\s+PT Sinar Jaya Abadi$/m);
      expect(agencies.stdout).not.toContain('ADU-');
      expect(cases('agencies', '--with-personal', '--operator', 'x').code).toBe(2);
    },
    CLI_TIMEOUT_MS,
  );

  it('the checklist is data per category, and a file counts only when asked for by name or named so', () => {
    const checklist = loadChecklist();
    const items = checklistFor(checklist, 'death', [], 'id');
    expect(items.map((i) => i.id)).toEqual(expect.arrayContaining(['passport', 'death_certificate', 'bpjs_card']));
    expect(items.find((i) => i.id === 'chronology')?.received).toBe(true);
    expect(items.filter((i) => i.received)).toHaveLength(1);
    const answered = checklistFor(
      checklist,
      'death',
      [
        { kind: 'request', requestId: 'r1', at: at(0), by: 'x', text: 'kirim KTP' },
        { kind: 'answer', requestId: 'r1', at: at(1), attachments: [] },
        {
          kind: 'answer',
          requestId: 'r2',
          at: at(1),
          attachments: [{ kind: 'document', ref: 'd', channel: 'console', fileName: 'surat-kematian-ayah.pdf' }],
        },
      ],
      'id',
    );
    // KTP was asked but answered without a file: still missing.
    expect(answered.find((i) => i.id === 'id_card')?.received).toBe(false);
    expect(answered.find((i) => i.id === 'death_certificate')?.received).toBe(true);
  });
});
