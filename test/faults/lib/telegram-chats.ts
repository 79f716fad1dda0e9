/** Helpers for the Telegram scenarios: what a chat received, masked for comparison. */
import type { FakeBotApi } from '../../helpers/fake-bot-api.js';
import { sleep } from './fault-redis.js';

/** Ticket, PIN and join code differ per chat; everything else a chat receives must match the reference. */
export function mask(text: string): string {
  return text
    .replace(/ADU-[0-9A-Z]{8}/g, 'ADU-########')
    .replace(/\b\d{6}\b/g, '######')
    .replace(/gabung [0-9A-Z]{6}\b/g, 'gabung ######');
}

export function textsOf(fake: FakeBotApi, chatId: number): string[] {
  return fake.sentTo(chatId).map((m) => mask((m as { text?: string }).text ?? ''));
}

/** Waits until the number of messages sent to `chatId` has not changed for `quietMs`. */
export async function settled(fake: FakeBotApi, chatId: number, quietMs = 400, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    const n = fake.sentTo(chatId).length;
    if (n !== last) {
      last = n;
      since = Date.now();
    } else if (n > 0 && Date.now() - since >= quietMs) return n;
    await sleep(50);
  }
  return last;
}

/** A reference conversation, one line at a time, each after the previous answers settled. */
export async function referenceTexts(fake: FakeBotApi, chatId: number, lines: string[]): Promise<string[]> {
  for (const line of lines) {
    const before = fake.sentTo(chatId).length;
    fake.userSends(chatId, { text: line });
    const deadline = Date.now() + 20_000;
    while (fake.sentTo(chatId).length === before && Date.now() < deadline) await sleep(20);
    await settled(fake, chatId);
  }
  return textsOf(fake, chatId);
}

/**
 * Waits until every chat received at least `n` messages, then a quiet second for extras.
 * Gives up (false) at `timeoutMs`, or once nothing new arrived anywhere for `stallMs`.
 */
export async function allReceived(
  fake: FakeBotApi,
  chats: number[],
  n: number,
  timeoutMs: number,
  stallMs = 10_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const total = () => chats.reduce((sum, c) => sum + fake.sentTo(c).length, 0);
  let last = total();
  let since = Date.now();
  while (Date.now() < deadline && Date.now() - since < stallMs) {
    if (chats.every((c) => fake.sentTo(c).length >= n)) {
      await sleep(1000);
      return true;
    }
    await sleep(100);
    const now = total();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
  return false;
}
