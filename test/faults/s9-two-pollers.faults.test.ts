/**
 * Scenario 9: two bot processes poll with one token (a common operator mistake), `npm start`
 * as in production against the fake Bot API, which answers the older getUpdates with 409 as
 * Telegram does. While both run and users write, every message is answered exactly once (the
 * 409 restarts polling with backoff, never stops it for good) and the conflict is logged at
 * error level. When the conflict lasts (TELEGRAM_CONFLICT_EXIT_SECONDS, 5 s here, no messages
 * in between), the process exits with code 1. The operator then stops the second process, the
 * supervisor restarts the first, and it answers everyone again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.js';
import { type BotMain, startBotMain } from './lib/bot-main.js';
import { sleep } from './lib/fault-redis.js';
import { writeRow } from './lib/report.js';
import { createKit, type Kit, pollingEnv } from './lib/scenario-kit.js';
import { allReceived, referenceTexts } from './lib/telegram-chats.js';

let kit: Kit | undefined;
let fake: FakeBotApi | undefined;
const bots: BotMain[] = [];
afterAll(async () => {
  await Promise.all(bots.map((b) => b.stop()));
  await kit?.close();
  await fake?.close();
});

/** Pino lines at or above `level` whose message mentions `needle` (a line still being written is skipped). */
function logLines(file: string, level: number, needle: string): number {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return 0;
  }
  return text
    .split('\n')
    .map((l) => {
      try {
        return JSON.parse(l) as { level?: number; msg?: string };
      } catch {
        return {};
      }
    })
    .filter((e) => (e.level ?? 0) >= level && (e.msg ?? '').includes(needle)).length;
}

describe('scenario 9: two processes poll with one token', () => {
  it('answers every message once while they fight, exits when the conflict lasts, recovers after restart', async () => {
    const started = Date.now();
    fake = await startFakeBotApi({ pollConflicts: true });
    const f = fake;
    kit = await createKit('s9', { ...pollingEnv(f), TELEGRAM_CONFLICT_EXIT_SECONDS: '5' });
    const k = kit;
    const start = (name: string) => {
      const b = startBotMain(name, k.env, k.logDir);
      bots.push(b);
      return b;
    };
    // Both start together (a start-up takes seconds; one after the other only made the row slower).
    const a = start('a');
    const b = start('b');
    const loudLines = () => logLines(join(k.logDir, 'a.log'), 50, '409') + logLines(join(k.logDir, 'b.log'), 50, '409');

    // Both poll (the first 409 says so) and fight over getUpdates; users write (a message every 200 ms).
    const before409 = Date.now();
    while (loudLines() === 0 && Date.now() - before409 < 90_000) await sleep(200);
    const perChat = (await referenceTexts(f, 900, ['halo'])).length;
    let sent = 1;
    const chats = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
    const exactly = (list: number[]) => list.filter((c) => f.sentTo(c).length === perChat).length;
    const during = chats(1000, 20);
    for (const c of during) {
      f.userSends(c, { text: 'halo' });
      sent += 1;
      await sleep(200);
    }
    await allReceived(f, during, perChat, 60_000, 60_000);
    const answeredDuring = exactly(during);

    // Nobody writes: the conflict lasts; at least one process must end with exit code 1.
    await Promise.race([a.exited, b.exited, sleep(90_000)]);
    // The other one's conflict began at the same moment: give it time to end too.
    await sleep(3000);
    const exitCodes = [a.exit, b.exit].filter((x) => x !== null);
    const fatal = [a, b].filter((x) => x.exit !== null && logLines(join(k.logDir, `${x.name}.log`), 60, '409') > 0);
    const loud = loudLines();

    // The operator stops the second process; the supervisor restarts the first if it ended.
    await b.stop();
    const again = a.exit === null ? a : start('a-restarted');
    const after = chats(2000, 10);
    for (const c of after) {
      f.userSends(c, { text: 'halo' });
      sent += 1;
    }
    // The restarted process needs a few seconds to start (more on a busy machine): no stall limit.
    await allReceived(f, after, perChat, 90_000, 90_000);
    const answeredAfter = exactly(after);
    const replies = [900, ...during, ...after].reduce((n, c) => n + f.sentTo(c).length, 0);
    const errors = during.length - answeredDuring + after.length - answeredAfter + (again.exit === null ? 0 : 1);
    writeRow({
      scenario: '9 two pollers',
      sent,
      replies,
      stored: 0,
      lost: 0,
      duplicated: [...during, ...after].filter((c) => f.sentTo(c).length > perChat).length,
      errors: errors + (exitCodes.length > 0 && exitCodes.every((c) => c === 1) ? 0 : 1),
      seconds: (Date.now() - started) / 1000,
      notes:
        `${answeredDuring}/${during.length} chats answered once while both polled; ${loud} loud 409 lines; ` +
        `exit codes ${exitCodes.join(', ')} after the conflict lasted; ${answeredAfter}/${after.length} after restart`,
    });

    expect(perChat).toBeGreaterThan(0);
    expect(answeredDuring).toBe(during.length);
    expect(loud).toBeGreaterThan(0);
    expect(exitCodes.length).toBeGreaterThan(0);
    expect(exitCodes.every((c) => c === 1)).toBe(true);
    expect(fatal.length).toBe(exitCodes.length);
    expect(answeredAfter).toBe(after.length);
    expect(again.exit).toBe(null);
  });
});
