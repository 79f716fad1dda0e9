/**
 * The daily digest from a seeded week: the chart image (a real PNG with the expected bars),
 * the caption and the overdue list, posted through the real grammY staff API to a fake Bot API
 * server (a multipart photo upload, then a message), and its BullMQ schedule.
 */
import { Queue } from 'bullmq';
import { Bot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrammyStaffApi } from '../../src/channels/telegram/grammy-staff-api.js';
import { createDigestParts } from '../../src/compose-report.js';
import { parseConfig } from '../../src/config.js';
import { createHandoverLog } from '../../src/handover/handover-log.js';
import { createTranslator, loadLocales } from '../../src/i18n/create-translator.js';
import { createLogger } from '../../src/logger.js';
import { collectReport } from '../../src/report/collect-report.js';
import { buildDigest } from '../../src/report/digest.js';
import { DIGEST_QUEUE } from '../../src/report/digest-scheduler.js';
import { startFakeBotApi } from '../helpers/fake-bot-api.js';
import { cleanPrefix, REDIS_URL, testPrefix, testRedis } from '../helpers/redis.js';
import { jkt, seedWeek, WEEK } from './seed-week.js';

const redis = testRedis();
const prefix = testPrefix();
const queuePrefix = `tq-digest-${prefix.slice(5)}`;
const translator = createTranslator(loadLocales('locales'));
const t = (key: string, params?: Record<string, string | number>) => translator.t('id', key, params);
const logger = createLogger({ level: 'silent', format: 'json' });
const STAFF = '-1001234567890';

beforeAll(async () => {
  await seedWeek(redis, prefix);
});
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await cleanPrefix(redis, queuePrefix);
  await redis.quit();
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('digest', () => {
  it('draws the week as one PNG and lists what went past the time limit by pseudonym and ticket', async () => {
    const log = createHandoverLog({ redis, prefix, retentionDays: 3650 });
    const data = await collectReport({ redis, prefix, log }, WEEK);
    const digest = await buildDigest(data, { lang: 'id', t, days: 7 });
    const { width, height } = pngSize(digest.png);
    expect(width).toBeGreaterThan(1000);
    expect(height).toBeGreaterThan(1000);
    // Cases per day (7 bars), by problem and status (7), time to take (3).
    expect(digest.svg.match(/aria-roledescription="bar"/g)).toHaveLength(17);
    expect(digest.svg).toContain('aria-label="Kekerasan, ditutup: 1"');
    expect(digest.caption.split('\n')).toEqual([
      'Ringkasan 7 hari terakhir (23 Nov 2026 sampai 29 Nov 2026)',
      '• 8 pengaduan (2 mendesak); status: diterima 3, sedang ditinjau 2, diteruskan 1, selesai 1, ditutup 1',
      '• 4 percakapan diteruskan ke petugas, 3 diambil; median menunggu 12 menit, 90% dalam 78 menit',
      '• Menunggu petugas sekarang: 0',
    ]);
    expect(digest.details.split('\n')).toEqual([
      'Melewati batas waktu:',
      '• 🔴 PMI-WAIT44: menunggu sejak 28 Nov 2026, 19.00',
      '• PMI-LATE33 · ADU-7K3Q9X2M: menunggu sejak 26 Nov 2026, 13.00, diambil 26 Nov 2026, 14.35',
    ]);
  });

  it('posts the chart and the list to the staff group through the Bot API', async () => {
    const api = await startFakeBotApi();
    try {
      const bot = new Bot(api.token, { botInfo: api.botInfo, client: { apiRoot: api.apiRoot } });
      const config = parseConfig({
        REDIS_URL,
        REDIS_PREFIX: prefix,
        QUEUE_PREFIX: queuePrefix,
        HOTLINE_TIMEZONE: WEEK.timeZone,
        DIGEST_DAYS: '7',
        TELEGRAM_BOT_TOKEN: api.token,
        STAFF_CHAT_ID: STAFF,
      });
      const digest = createDigestParts({
        config,
        redis,
        log: createHandoverLog({ redis, prefix, retentionDays: 3650 }),
        snapshot: async () => ({ waiting: [], withStaff: 0 }),
        staffApi: createGrammyStaffApi(bot.api, STAFF),
        translator,
        logger,
      });
      await digest.post(jkt(29, 23, 30));
      const [photo] = api.callsTo('sendPhoto');
      expect(photo?.payload).toMatchObject({ chat_id: STAFF });
      expect(String(photo?.payload.caption)).toMatch(
        /^Ringkasan 7 hari terakhir \(23 Nov 2026 sampai 29 Nov 2026\)\n• 8 pengaduan/,
      );
      expect(photo?.files).toEqual([expect.objectContaining({ fileName: 'digest-2026-11-29.png' })]);
      expect(photo?.files[0]?.size).toBeGreaterThan(20_000);
      const [text] = api.callsTo('sendMessage');
      expect(String(text?.payload.text)).toMatch(/^Melewati batas waktu:\n• 🔴 PMI-WAIT44/);
      expect(text?.payload.message_thread_id).toBeUndefined();
    } finally {
      await api.close();
    }
  });

  it('is scheduled in the hotline time zone, and `off` removes the schedule', async () => {
    const base = { REDIS_URL, REDIS_PREFIX: prefix, QUEUE_PREFIX: queuePrefix, HOTLINE_TIMEZONE: 'Asia/Jakarta' };
    const parts = (schedule: string) =>
      createDigestParts({
        config: parseConfig({ ...base, DIGEST_SCHEDULE: schedule }),
        redis,
        log: createHandoverLog({ redis, prefix, retentionDays: 3650 }),
        snapshot: async () => ({ waiting: [], withStaff: 0 }),
        staffApi: { sendFile: async () => undefined, sendText: async () => undefined } as never,
        translator,
        logger,
      });
    const queue = new Queue(DIGEST_QUEUE, { connection: { url: REDIS_URL }, prefix: queuePrefix });
    try {
      const on = parts('30 7 * * 1-5');
      await on.start();
      expect(await queue.getJobSchedulers()).toEqual([
        expect.objectContaining({ key: 'staff-digest', pattern: '30 7 * * 1-5', tz: 'Asia/Jakarta' }),
      ]);
      await on.stop();
      const off = parts('off');
      await off.start();
      expect(await queue.getJobSchedulers()).toEqual([]);
      await off.stop();
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
