/**
 * Pure conversion of `OutgoingMessage`s into `sendMessage` payloads: plain text (no
 * parse_mode, so user-supplied values can never break formatting), the replies of a turn
 * merged into as few messages as fit, long texts split at sentence boundaries, choices as an
 * inline keyboard whose callback data is the choice id.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { choiceData } from '../../core/choice-data.js';
import type { Choice, OutgoingMessage } from '../../core/messages.js';

export const TELEGRAM_TEXT_LIMIT = 4096;
export const CALLBACK_DATA_LIMIT = 64;

export interface SendMessagePayload {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

export interface OutgoingConversion {
  payloads: SendMessagePayload[];
  /** Problems worth a log line (ids only, never text): dropped choices, empty messages. */
  problems: string[];
}

export function toSendMessagePayloads(messages: OutgoingMessage[], limit = TELEGRAM_TEXT_LIMIT): OutgoingConversion {
  const payloads: SendMessagePayload[] = [];
  const problems: string[] = [];
  for (const message of mergeReplies(messages, limit)) {
    const chunks = splitText(message.text, limit);
    const keyboard = buildInlineKeyboard(message.choices ?? [], message.question);
    problems.push(...keyboard.problems);
    if (chunks.length === 0) {
      problems.push('empty message text');
      continue;
    }
    chunks.forEach((text, i) => {
      // The keyboard goes under the last part, next to the question it answers.
      const last = i === chunks.length - 1;
      payloads.push(last && keyboard.markup ? { text, reply_markup: keyboard.markup } : { text });
    });
  }
  return { payloads, problems };
}

/**
 * The replies of one turn as few messages as Telegram allows: texts that follow each other
 * are joined by a blank line, and a question with choices joins the texts before it, its
 * buttons under the whole. A message ends after its choices (buttons belong to the last
 * question) or when the next text would pass `limit`. Each extra message is a request, a
 * notification on the user's phone, and half the bot's work.
 */
export function mergeReplies(messages: readonly OutgoingMessage[], limit = TELEGRAM_TEXT_LIMIT): OutgoingMessage[] {
  const merged: OutgoingMessage[] = [];
  let open: OutgoingMessage | undefined;
  for (const message of messages) {
    const text = message.text.trim();
    if (text.length === 0 && !message.choices?.length) {
      // Left alone, so the conversion reports it.
      merged.push(message);
      continue;
    }
    if (open && open.text.length + 2 + text.length <= limit) {
      open = { ...open, text: text ? `${open.text}\n\n${text}` : open.text };
      // The buttons keep the token of the question they answer; values to conceal add up.
      if (message.choices?.length) open.choices = message.choices;
      if (message.question) open.question = message.question;
      if (message.conceal?.length) open.conceal = [...(open.conceal ?? []), ...message.conceal];
      merged[merged.length - 1] = open;
    } else {
      open = { ...message, text };
      merged.push(open);
    }
    if (open.choices?.length) open = undefined;
  }
  return merged;
}

/**
 * Splits a text into parts of at most `limit` UTF-16 code units (Telegram's measure),
 * preferring a paragraph break, then a line break, then a sentence end, then a space, and
 * never cutting a surrogate pair.
 */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = findCut(rest.slice(0, limit + 1), limit);
    const head = rest.slice(0, cut).trimEnd();
    if (head.length > 0) parts.push(head);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

const BOUNDARIES: RegExp[] = [/\n\s*\n/g, /\n/g, /[.!?…][)"'»”’\]]*\s+/g, /\s+/g];

function findCut(window: string, limit: number): number {
  // A boundary in the first third would leave a tiny part; try the next kind instead.
  const minimum = Math.floor(limit / 3);
  for (const pattern of BOUNDARIES) {
    let best = -1;
    for (const match of window.matchAll(pattern)) {
      const index = match.index ?? 0;
      // Cut after the punctuation and keep the whitespace out of both parts.
      const end = pattern === BOUNDARIES[2] ? index + match[0].trimEnd().length : index;
      if (end <= limit && end >= minimum) best = end;
    }
    if (best > 0) return best;
  }
  const code = window.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

export interface KeyboardConversion {
  markup?: InlineKeyboardMarkup;
  problems: string[];
}

/**
 * Short labels share a row (up to three of at most 12 characters, or two of at most 20);
 * as soon as one label is longer, every button gets its own row so none is cut off.
 */
export function buildInlineKeyboard(choices: Choice[], question?: string): KeyboardConversion {
  const problems: string[] = [];
  const buttons: InlineKeyboardButton[] = [];
  for (const choice of choices) {
    const label = choice.label.trim();
    const data = callbackData(choice.id, question);
    if (choice.id.length === 0 || Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_LIMIT) {
      problems.push(`choice id not usable as callback data: ${choice.id.slice(0, 80)}`);
      continue;
    }
    if (label.length === 0) {
      problems.push(`choice without label: ${choice.id}`);
      continue;
    }
    buttons.push({ text: label, callback_data: data });
  }
  if (buttons.length === 0) return { problems };
  const longest = Math.max(...buttons.map((b) => [...b.text].length));
  const perRow = longest <= 12 ? 3 : longest <= 20 ? 2 : 1;
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  return { markup: { inline_keyboard: rows }, problems };
}

/** The button's data: the question's token and the choice id, within Telegram's 64 bytes. */
export function callbackData(id: string, question: string | undefined): string {
  return choiceData(id, question, CALLBACK_DATA_LIMIT);
}

export { parseChoiceData as parseCallbackData } from '../../core/choice-data.js';
