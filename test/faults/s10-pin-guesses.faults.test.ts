/**
 * Scenario 10: parallel PIN guesses. A worker files a complaint and gets a ticket and PIN; 60
 * other chats, spread over two bot processes, ask for its status ("cek status ADU-…", which
 * from another chat asks for the PIN) and then all send a wrong PIN at the same moment. The
 * wrong-PIN limit (5 per code per hour) is consumed atomically in Redis before a PIN is
 * compared, so at most 5 of the 60 guesses are checked and the rest are told to wait. A chat
 * that then sends the right PIN is refused too, while the chat that filed the complaint still
 * sees its status (it needs no PIN). The PIN the bot gave is in no log line and, until a
 * user types it, in no Redis value.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Child } from './lib/child-process.js';
import { COMPLAINT_LINES, ticketsInText } from './lib/complaint-chat.js';
import { scanKeys } from './lib/inspect.js';
import { writeRow } from './lib/report.js';
import { createKit, type Kit, sender } from './lib/scenario-kit.js';
import { isStatusOf, translator } from './lib/texts.js';

const GUESSERS = 60;
const TRIES = 5;
const askPin = translator.t('id', 'complaint.status_ask_pin');
const wrongPin = translator.t('id', 'complaint.status_not_found');
const limitedHead = translator.t('id', 'complaint.status_limited').split('{{')[0] as string;
let kit: Kit | undefined;
afterAll(async () => {
  await kit?.close();
});

/** Every string in every key (strings, hashes, lists, sets, sorted sets, streams as raw entries). */
async function allValues(k: Kit): Promise<string> {
  const redis = k.redis.client();
  const out: string[] = [];
  for (const key of await scanKeys(redis, '*')) {
    const type = await redis.type(key);
    if (type === 'string') out.push((await redis.get(key)) ?? '');
    else if (type === 'hash') out.push(...Object.values(await redis.hgetall(key)));
    else if (type === 'list') out.push(...(await redis.lrange(key, 0, -1)));
    else if (type === 'set') out.push(...(await redis.smembers(key)));
    else if (type === 'zset') out.push(...(await redis.zrange(key, '0', '-1')));
    else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
  }
  redis.disconnect();
  return out.join('\n');
}

describe('scenario 10: parallel PIN guesses', () => {
  it('checks no more PINs than the limit allows, across chats and processes', async () => {
    const started = Date.now();
    kit = await createKit('s10');
    const k = kit;
    const bots: Child[] = [k.bot('bot-a'), k.bot('bot-b')];
    const worker = k.worker('worker');
    await Promise.all([...bots.map((b) => b.start()), worker.start()]);
    const via = (i: number) => bots[i % bots.length] as Child;

    let sent = 0;
    let replies = 0;
    const say = async (i: number, user: string, text: string): Promise<string[]> => {
      sent += 1;
      const r = await sender(via(i), user, 60_000)(text);
      if (!r.ok) return [];
      replies += 1;
      return r.result.replies.map((x) => x.text);
    };
    // The owner files a complaint; the last reply gives the ticket and the PIN.
    let given: string[] = [];
    for (const line of COMPLAINT_LINES) given = await say(0, 'owner', line);
    const ticket = given.flatMap(ticketsInText)[0] as string;
    const pin = /PIN: (\d{6})/.exec(given.join('\n'))?.[1] as string;
    expect(ticket).toBeTruthy();
    expect(pin).toMatch(/^\d{6}$/);

    // Every guesser is asked for the PIN first, then all guess at once.
    const guessers = Array.from({ length: GUESSERS }, (_, i) => `guesser-${i}`);
    const asked = await Promise.all(guessers.map((g, i) => say(i, g, `cek status ${ticket}`)));
    const readyToGuess = asked.filter((texts) => texts.includes(askPin)).length;
    const wrong = (i: number) => String((Number(pin) + 1 + i) % 1_000_000).padStart(6, '0');
    const answers = await Promise.all(guessers.map((g, i) => say(i, g, wrong(i))));
    const checked = answers.filter((texts) => texts.includes(wrongPin)).length;
    const limited = answers.filter((texts) => texts.some((t) => t.startsWith(limitedHead))).length;
    const other = GUESSERS - checked - limited;

    // The PIN the bot gave is nowhere in Redis in clear (checked before anyone types it: a PIN
    // typed by a user stays in that chat's relay history, a known gap in docs/privacy.md).
    const pinRe = new RegExp(`\\b${pin}\\b`);
    const pinInRedis = pinRe.test(await allValues(k));
    // The right PIN from another chat is refused now; the owner's chat needs no PIN.
    await say(0, 'late', `cek status ${ticket}`);
    const late = await say(1, 'late', pin);
    const lateRefused = late.some((t) => t.startsWith(limitedHead)) && !isStatusOf(late, ticket);
    const ownerSees = isStatusOf(await say(1, 'owner', `cek status ${ticket}`), ticket);

    const logs = readdirSync(k.logDir)
      .map((n) => readFileSync(join(k.logDir, n), 'utf8'))
      .join('\n');
    const pinInLogs = pinRe.test(logs);
    const exits = k.unexpectedExits();
    const errors =
      GUESSERS -
      readyToGuess +
      other +
      (lateRefused ? 0 : 1) +
      (ownerSees ? 0 : 1) +
      (pinInLogs ? 1 : 0) +
      (pinInRedis ? 1 : 0) +
      exits.length;
    writeRow({
      scenario: '10 parallel PIN guesses',
      sent,
      replies,
      stored: 1,
      lost: 0,
      duplicated: 0,
      errors: errors + (checked <= TRIES ? 0 : 1),
      seconds: (Date.now() - started) / 1000,
      notes:
        `${GUESSERS} chats on 2 processes guessed at once: ${checked} PINs checked, ${limited} refused; ` +
        `right PIN after that ${lateRefused ? 'refused' : 'ACCEPTED'}; owner ${ownerSees ? 'sees' : 'lost'} the status; ` +
        `PIN in logs ${pinInLogs ? 'yes' : 'no'}, in Redis ${pinInRedis ? 'yes' : 'no'}`,
    });

    expect(readyToGuess).toBe(GUESSERS);
    expect(checked).toBeLessThanOrEqual(TRIES);
    expect(checked + limited).toBe(GUESSERS);
    expect(lateRefused).toBe(true);
    expect(ownerSees).toBe(true);
    expect(pinInLogs).toBe(false);
    expect(pinInRedis).toBe(false);
    expect(exits).toEqual([]);
  });
});
