/**
 * Destination answers through the whole bot, as scripted chats (the contract's terminal
 * channel): follow-ups keep the country and the topic, the fee check offers a pre-filled
 * complaint, a forwarded advert gets the job-ad check, English gets English.
 */
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanPrefix, REDIS_URL, testPrefix, testRedis } from '../helpers/redis.js';
import { type ChatLine, runChat } from '../helpers/run-chat.js';

const prefix = testPrefix();
const queuePrefix = `tq${prefix.slice(5)}`;
const env = { REDIS_PREFIX: prefix, QUEUE_PREFIX: queuePrefix, REDIS_URL };
const redis = testRedis();
const text = (l: ChatLine | undefined) => (l?.out ?? []).map((o) => o.text).join('\n');

afterAll(async () => {
  const q = new Queue('complaints', { connection: { url: REDIS_URL }, prefix: queuePrefix });
  await q.obliterate({ force: true }).catch(() => undefined);
  await q.close();
  await cleanPrefix(redis, prefix);
  await cleanPrefix(redis, queuePrefix);
  await redis.quit();
});

describe('destination answers in a conversation', () => {
  it('keeps the topic for "kalau di ...", the country for "terus ...", and takes a correction', async () => {
    const run = await runChat(
      [
        'di HK pembantu wajib libur seminggu sekali gk?',
        'kalau di taiwan?',
        'terus gajinya?',
        'eh maksudnya malaysia bukan taiwan',
      ],
      { user: 'follow', reset: true, env },
    );
    const [first, second, third, fourth] = run.lines;
    expect(first).toMatchObject({ flow: 'answers' });
    // The verdict echoes the word the question turns on ("wajib ... gk?").
    expect(text(first)).toMatch(/^Ya, wajib\.\n.*Hong Kong.*libur/s);
    expect(text(second)).toMatch(/Taiwan/);
    expect(text(second)).toMatch(/libur/i);
    expect(text(third)).toMatch(/Taiwan/);
    expect(text(third)).toMatch(/NT\$/);
    expect(text(fourth)).toMatch(/Malaysia/);
    expect(text(fourth)).toMatch(/RM/);
  }, 90_000);

  it('asks the country in one tap when the question needs one, then answers for it', async () => {
    const run = await runChat(['berapa gaji minimum pembantu?', 'Hong Kong'], { user: 'tap', reset: true, env });
    expect(run.lines[0]?.out.at(-1)?.choices).toContain('Hong Kong');
    expect(text(run.lines[1])).toMatch(/HK\$5\.100/);
  }, 60_000);

  it('checks a fee and offers an overcharging complaint with the category and country filled in', async () => {
    const run = await runChat(['agensi minta 10rb HKD, boleh?', '1'], { user: 'fee', reset: true, env });
    const answer = text(run.lines[0]);
    expect(answer).toMatch(/^Tidak boleh\./);
    expect(answer).toMatch(/HK\$\s?510/);
    expect(answer).toMatch(/HK\$\s?9\.490/);
    expect(run.lines[0]?.out.at(-1)?.choices?.[0]).toMatch(/Lapor kelebihan biaya/);
    expect(run.lines[1]).toMatchObject({ flow: 'complaint' });
    expect(text(run.lines[1])).toMatch(/Biaya|biaya/);
  }, 60_000);

  it('offers a complaint of the matching category when the answer says a rule is broken', async () => {
    const run = await runChat(['majikan di taiwan nahan paspor sy, boleh gk?', '1'], {
      user: 'breach',
      reset: true,
      env,
    });
    expect(text(run.lines[0])).toMatch(/^Tidak boleh\./);
    expect(run.lines[0]?.out.at(-1)?.choices?.[0]).toBe('Lapor masalah ini');
    expect(run.lines[1]).toMatchObject({ flow: 'complaint' });
    expect(text(run.lines[1])).toMatch(/Paspor\/dokumen ditahan/);
  }, 60_000);

  it('answers a complaint that asks what the law sets, and takes a plain report as a complaint', async () => {
    const law = await runChat(
      ['pabrik di Penang suruh lembur tiap hari tanpa bayaran. menurut hukum sebenarnya berapa jam maksimal?'],
      {
        user: 'law',
        reset: true,
        env,
      },
    );
    expect(law.lines[0]).toMatchObject({ flow: 'answers' });
    expect(text(law.lines[0])).toMatch(/45 jam/);
    const report = await runChat(['gaji saya di KL belum dibayar 2 bulan, saya mau lapor. prosesnya gimana?'], {
      user: 'report',
      reset: true,
      env,
    });
    expect(report.lines[0]).toMatchObject({ flow: 'complaint' });
  }, 60_000);

  it('gives a forwarded advert a verdict with reasons, never an emergency, and files it for staff', async () => {
    const ad =
      'ada yg nawarin ini, asli gk? "Dicari admin CS online di Kamboja, gaji 25jt, tanpa pengalaman, berangkat pakai visa turis, hubungi WA"';
    const run = await runChat([ad, '1'], { user: 'ad', reset: true, env });
    expect(run.lines[0]).toMatchObject({ flow: 'job-ad', mode: 'bot' });
    expect(text(run.lines[0])).toMatch(/PENIPUAN/);
    expect(text(run.lines[0])).toMatch(/visa turis/);
    expect(text(run.lines[1])).toBe('Terima kasih. Iklan ini sudah kami teruskan ke petugas untuk diperiksa.');
    expect(await redis.llen(`${prefix}:jobads`)).toBe(1);
  }, 60_000);

  it('answers an English question in English, also after the menu', async () => {
    const run = await runChat(['menu', 'is my employer in Singapore allowed to keep my passport?'], {
      user: 'en',
      reset: true,
      env,
    });
    expect(text(run.lines[1])).toMatch(/^No, that is not allowed\./);
    expect(text(run.lines[1])).toMatch(/passport/i);
  }, 60_000);
});
