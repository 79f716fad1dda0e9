/**
 * Scenario 11: stale buttons on Telegram (a bot process polling the fake Bot API). 20 chats,
 * in parallel, open the menu and then ask to delete their data ("hapus data saya": "Lanjutkan?"
 * with Ya/Tidak buttons). At that question each chat sends what an old screen offers: a tap on
 * the menu's button, a forged tap without a question token, an edit of its earlier "menu"
 * message into "ya", and, after the question was asked again, a tap on "Ya" of the first
 * deletion keyboard. Each is answered "that question has passed" and changes nothing: no data
 * is deleted. Then the current keyboard still works: half the chats tap its "Ya" (deleted), half
 * its "Tidak" (kept).
 */
import type { Message } from 'grammy/types';
import { afterAll, describe, expect, it } from 'vitest';
import { type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.js';
import { sleep } from './lib/fault-redis.js';
import { writeRow } from './lib/report.js';
import { createKit, type Kit, pollingEnv } from './lib/scenario-kit.js';
import { settled } from './lib/telegram-chats.js';
import { translator } from './lib/texts.js';

const CHATS = 20;
const passed = translator.t('id', 'common.question_passed');
const deletedHead = translator.t('id', 'privacy.deleted').split('{{')[0] as string;
const kept = translator.t('id', 'privacy.kept');
let kit: Kit | undefined;
let fake: FakeBotApi | undefined;
afterAll(async () => {
  await kit?.close();
  await fake?.close();
});

type Sent = Message & { reply_markup?: { inline_keyboard?: { text: string; callback_data?: string }[][] } };
const textOf = (m: Message) => (m as { text?: string }).text ?? '';
const buttons = (m: Sent | undefined) => (m?.reply_markup?.inline_keyboard ?? []).flat();
const dataOf = (m: Sent | undefined, id: string) =>
  buttons(m).find((b) => b.callback_data?.endsWith(`~${id}`))?.callback_data;

describe('scenario 11: stale buttons and edits', () => {
  it('answers every input for an earlier question "that question has passed" and deletes nothing', async () => {
    const started = Date.now();
    fake = await startFakeBotApi();
    const f = fake;
    kit = await createKit('s11', pollingEnv(f));
    await kit.bot('bot').start();
    let sent = 0;
    /** One user action, then the bot's answers to it (waits until they settle). */
    const act = async (chat: number, action: () => unknown): Promise<Sent[]> => {
      const before = f.sentTo(chat).length;
      action();
      sent += 1;
      const deadline = Date.now() + 30_000;
      while (f.sentTo(chat).length === before && Date.now() < deadline) await sleep(50);
      await settled(f, chat, 400, 10_000);
      return f.sentTo(chat).slice(before) as Sent[];
    };
    const lastWithButtons = (msgs: Sent[]) => [...msgs].reverse().find((m) => buttons(m).length > 0);

    const tally = { stale: 0, passed: 0, deletedByStale: 0, honoured: 0, problems: [] as string[] };
    await Promise.all(
      Array.from({ length: CHATS }, async (_, i) => {
        const chat = 5000 + i;
        const menuUpdate = f.userSends(chat, { text: 'menu' });
        const menu = lastWithButtons(await act(chat, () => undefined));
        const confirm = lastWithButtons(await act(chat, () => f.userSends(chat, { text: 'hapus data saya' })));
        const menuTap = buttons(menu)[0]?.callback_data;
        const firstYes = dataOf(confirm, 'yes');
        if (!menu || !confirm || !menuTap || !firstYes) {
          tally.problems.push(`chat ${chat}: no keyboard to tap`);
          return;
        }
        const menuMessageId = menuUpdate.message?.message_id ?? 0;
        const staleInputs: (() => unknown)[] = [
          () => f.userTaps(chat, menu.message_id, menuTap),
          () => f.userTaps(chat, confirm.message_id, 'yes'),
          () => f.userEdits(chat, menuMessageId, 'ya'),
          // By now the question was asked again: the first deletion keyboard is an old one.
          () => f.userTaps(chat, confirm.message_id, firstYes),
        ];
        let current = confirm;
        for (const input of staleInputs) {
          const answers = await act(chat, input);
          tally.stale += 1;
          const texts = answers.map(textOf);
          if (texts.some((t) => t.startsWith(passed))) tally.passed += 1;
          else tally.problems.push(`chat ${chat}: stale input answered ${JSON.stringify(texts).slice(0, 120)}`);
          if (texts.some((t) => t.startsWith(deletedHead))) tally.deletedByStale += 1;
          current = lastWithButtons(answers) ?? current;
        }
        const choice = i % 2 === 0 ? 'yes' : 'no';
        const data = dataOf(current, choice);
        if (!data || current === confirm) return void tally.problems.push(`chat ${chat}: question not asked again`);
        const texts = (await act(chat, () => f.userTaps(chat, current.message_id, data))).map(textOf);
        const ok =
          choice === 'yes' ? texts.some((t) => t.startsWith(deletedHead)) : texts.some((t) => t.startsWith(kept));
        if (ok) tally.honoured += 1;
        else tally.problems.push(`chat ${chat}: current "${choice}" not honoured`);
      }),
    );
    const exits = kit.unexpectedExits();
    writeRow({
      scenario: '11 stale buttons',
      sent,
      replies: Array.from({ length: CHATS }, (_, i) => f.sentTo(5000 + i).length).reduce((a, b) => a + b, 0),
      stored: 0,
      lost: 0,
      duplicated: 0,
      errors: tally.problems.length + tally.deletedByStale + exits.length,
      seconds: (Date.now() - started) / 1000,
      notes:
        `${CHATS} chats: ${tally.stale} old taps, forged taps and edits, ${tally.passed} "question has passed", ` +
        `${tally.deletedByStale} deletions by them; ${tally.honoured}/${CHATS} current taps honoured`,
    });
    if (tally.problems.length > 0) console.log('scenario 11 problems:', tally.problems);

    expect(tally.problems).toEqual([]);
    expect(tally.passed).toBe(CHATS * 4);
    expect(tally.deletedByStale).toBe(0);
    expect(tally.honoured).toBe(CHATS);
    expect(exits).toEqual([]);
  });
});
