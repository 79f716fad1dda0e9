/**
 * Two-way case requests through the staff console and the real dialogue: staff type
 * `/minta` in the group, the worker gets it in their chat, answers with text or with a photo
 * and a document, the answers are kept on the case with their time, and staff are told.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { packCase } from '../../src/casefile/pack-case.js';
import { loadChecklist } from '../../src/casefile/referral-checklist.js';
import type { StaffUpdate } from '../../src/channels/telegram/to-incoming.js';
import { readEvents } from '../../src/complaints/case-events.js';
import { createCase } from '../../src/complaints/case-records.js';
import { type CaseRequests, createCaseRequests } from '../../src/complaints/case-requests.js';
import { complaintKeys } from '../../src/complaints/complaint-keys.js';
import type { ComplaintJob } from '../../src/complaints/complaint-schema.js';
import { createComplaintEraser } from '../../src/privacy/complaint-eraser.js';
import { pdfPages } from '../casefile/pdf-text.js';
import { createFakeStaffApi, type FakeStaffApi } from '../handover/fake-staff-api.js';
import {
  type Built,
  build,
  logger,
  type RecordingSender,
  recordingSender,
  STAFF_CHAT,
} from '../handover/handover-fixture.js';
import { translator } from '../helpers/engine-fixtures.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { sampleComplaint } from './complaint-test-kit.js';

const redis = testRedis();
const prefix = testPrefix();
const keys = complaintKeys(prefix);
const t = (key: string, params?: Record<string, string | number>) => translator.t('id', key, params);

let api: FakeStaffApi;
let built: Built;
let users: RecordingSender;
let requests: CaseRequests;
const packed: Buffer[] = [];

function setup(): void {
  api = createFakeStaffApi();
  users = recordingSender('console');
  const senders = new Map([['console', users]]);
  requests = createCaseRequests({
    redis,
    prefix,
    logger,
    userText: (lang, key, params) => translator.t(lang, key, params),
    staffText: (key, params) => translator.t('id', key, params),
    sendToWorker: async (_channel, userId, messages) => {
      await users.send(userId, messages);
      return true;
    },
    placeOnAnswerFlow: async (channel, userId, caseRequest) => {
      const flow = built.dialogue && (await built.dialogue.peek({ channel, userId }));
      if (flow && (flow.mode !== 'bot' || flow.flowId !== null)) return false;
      const s = await built.dialogue.update({ channel, userId }, (x) => ({
        ...x,
        flowId: 'case-answer',
        flowVersion: 1,
        node: 'ask-how',
        awaiting: 'answer',
        retries: 0,
        slots: { caseRequest },
      }));
      return s?.flowId === 'case-answer';
    },
    postToStaff: (text) => built.service.notifyGroup(text),
  });
  built = build({
    redis,
    prefix,
    senders,
    staffApi: api,
    options: { groupPerMinute: 1000 },
    requests: { request: (...a) => requests.request(...a) },
    pack: async (ticket, by) => {
      const r = await packCase(
        { redis, prefix, checklist: loadChecklist(), timeZone: 'Asia/Jakarta', t, lang: 'id', secret: 's' },
        { ticket, withPersonal: false, operator: by, via: 'staff_console' },
      );
      if (r.result === 'ok') packed.push(r.pdf);
      return r;
    },
    actions: { answerCaseRequest: (ctx) => requests.answerCaseRequest(ctx) },
  });
}

let seq = 0;
const say = (userId: string, text: string, media?: { kind: 'photo' | 'document'; ref: string }) =>
  built.handler.handle({
    channel: 'console',
    userId,
    messageId: `m${++seq}`,
    text,
    receivedAt: Date.now(),
    ...(media ? { media } : {}),
  });
const staff = (text: string, threadId?: number): StaffUpdate => ({
  chatId: STAFF_CHAT,
  ...(threadId !== undefined ? { threadId } : {}),
  fromUserId: '900',
  fromName: 'Rina',
  messageId: ++seq,
  text,
  receivedAt: Date.now(),
});
const general = async () => {
  await built.service.flush(5000);
  return (api.posted.get(0) ?? []).join('\n');
};

async function fileCase(userId: string, over: Partial<ComplaintJob> = {}): Promise<ComplaintJob> {
  const c = sampleComplaint({ channel: 'console', ...over });
  const reporter = {
    id: c.id,
    ticket: c.ticket,
    channel: 'console',
    userId,
    lang: 'id',
    pinHash: 'a'.repeat(64),
    pinSalt: 'b'.repeat(32),
    createdAt: c.createdAt,
    category: c.category,
  };
  await redis.set(keys.pending(c.ticket), JSON.stringify(reporter));
  await redis.sadd(keys.user('console', userId), c.ticket);
  await createCase(redis, keys, c, c.createdAt);
  return c;
}

afterEach(async () => {
  await built.service.stop();
  await cleanPrefix(redis, prefix);
});
afterAll(async () => {
  await redis.quit();
});

describe('case requests (/minta)', () => {
  it('staff ask, the worker answers with text inside the case, staff see the answer', async () => {
    setup();
    await built.service.start();
    const c = await fileCase('w1');
    await built.service.staffHandler(staff(`/minta ${c.ticket} Kapan terakhir gaji dibayar?`));
    const got = users.to('w1').join('\n');
    expect(got).toContain(`Petugas meminta untuk laporan ${c.ticket}`);
    expect(got).toContain('Kapan terakhir gaji dibayar?');
    expect(users.delivered.at(-1)?.message.choices?.map((x) => x.id)).toEqual(['text', 'files', 'later']);
    expect(await general()).toContain(t('staff.line.request_sent', { ticket: c.ticket, name: 'Rina' }));

    await say('w1', 'Tulis jawaban');
    const r = await say('w1', 'Terakhir dibayar bulan Juli.');
    expect(r.replies.map((m) => m.text).join('\n')).toContain(`sudah disimpan di laporan ${c.ticket}`);
    const events = await readEvents(redis, keys, c.id);
    expect(events.map((e) => e.kind)).toEqual(['request', 'answer']);
    expect(events[1]).toMatchObject({ text: 'Terakhir dibayar bulan Juli.', requestId: events[0]?.requestId });
    expect(Date.parse(events[1]?.at ?? '')).toBeGreaterThan(0);
    expect(await general()).toContain(`Jawaban pengguna untuk ${c.ticket}: «Terakhir dibayar bulan Juli.»`);

    // /berkas puts the case file, without personal data, into the group; the request is in its chronology.
    await built.service.staffHandler(staff(`/berkas ${c.ticket}`));
    expect(api.calls.some((x) => x.method === 'sendFile')).toBe(true);
    expect(await general()).toContain(`[file ${c.ticket}.pdf] 📄 Berkas rujukan ${c.ticket} (tanpa data pribadi)`);
    const text = (await pdfPages(packed.at(-1) as Buffer)).join('\n');
    expect(text).toContain('Petugas meminta dokumen atau jawaban');
    expect(text).not.toContain('Terakhir dibayar bulan Juli');
    await built.service.staffHandler(staff('/berkas ADU-00000000'));
    await built.service.staffHandler(staff('/berkas'));
    const lines = (await general()).split('\n');
    expect(lines).toContain(t('staff.line.status_missing', { ticket: 'ADU-00000000' }));
    expect(lines).toContain(t('staff.line.pack_usage'));
  });

  it('the worker answers with a photo and a document; "hapus data saya" deletes requests and answers', async () => {
    setup();
    await built.service.start();
    const c = await fileCase('w2');
    await built.service.staffHandler(staff(`/minta ${c.ticket} Mohon kirim foto kontrak kerja`));
    await say('w2', '2');
    await say('w2', '', { kind: 'photo', ref: 'photo-1' });
    await say('w2', '', { kind: 'document', ref: 'doc-1' });
    await say('w2', 'selesai');
    const events = await readEvents(redis, keys, c.id);
    const answer = events.find((e) => e.kind === 'answer');
    expect(answer?.kind === 'answer' && answer.attachments.map((a) => `${a.kind}:${a.ref}`)).toEqual([
      'photo:photo-1',
      'document:doc-1',
    ]);
    expect(await general()).toContain('(+2 lampiran)');

    const eraser = createComplaintEraser({ redis, redisPrefix: prefix, logger });
    await eraser.erase({ channel: 'console', userId: 'w2' });
    expect(await redis.exists(keys.events(c.id))).toBe(0);
    // The reporter is gone too: a new request cannot reach anyone, and staff are told so.
    await built.service.staffHandler(staff(`/minta ${c.ticket} Ada kabar?`));
    expect(await general()).toContain(t('staff.line.request_missing', { ticket: c.ticket, name: 'Rina' }));
  });

  it('another chat cannot answer a request, and /minta without text or case says how to use it', async () => {
    setup();
    await built.service.start();
    const c = await fileCase('w3');
    const answer = await requests.answerCaseRequest({
      channel: 'console',
      userId: 'stranger',
      lang: 'id',
      params: { ticket: c.ticket, requestId: 'req-1' },
      slots: { answerText: 'bukan saya' },
      message: { channel: 'console', userId: 'stranger', messageId: 'x', text: '', receivedAt: 0 },
      now: Date.now(),
    });
    expect(answer.outcome).toBe('missing');
    expect(await readEvents(redis, keys, c.id)).toEqual([]);
    await built.service.staffHandler(staff('/minta'));
    await built.service.staffHandler(staff('/minta tolong kirim paspor'));
    const lines = (await general()).split('\n');
    expect(lines.filter((l) => l === t('staff.line.request_usage'))).toHaveLength(2);
  });
});
