/**
 * Turns `OutgoingMessage`s into WhatsApp text. Buttons and lists are deprecated in WhatsApp
 * Web, so choices become numbered lines; the engine accepts the number or the words.
 */
import type { OutgoingMessage } from '../../core/messages.js';

/** WhatsApp accepts much longer texts, but long walls of text are hard to read on a phone. */
export const DEFAULT_MAX_LENGTH = 4000;

export function renderMessage(message: OutgoingMessage): string {
  const text = message.text.trim();
  const choices = message.choices ?? [];
  if (choices.length === 0) return text;
  const lines = choices.map((choice, i) => `${i + 1}. ${choice.label}`).join('\n');
  return text === '' ? lines : `${text}\n\n${lines}`;
}

/** One WhatsApp text per part, in order; empty messages are dropped. */
export function formatOutgoing(messages: OutgoingMessage[], maxLength = DEFAULT_MAX_LENGTH): string[] {
  return messages.flatMap((m) => splitText(renderMessage(m), maxLength));
}

/**
 * Splits at the last paragraph break, line break, sentence end or space that keeps a part
 * within `maxLength`, in that order of preference; cuts hard only inside one giant word.
 */
export function splitText(text: string, maxLength = DEFAULT_MAX_LENGTH): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > maxLength) {
    const cut = findCut(rest, maxLength);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

function findCut(text: string, maxLength: number): number {
  const window = text.slice(0, maxLength + 1);
  // Do not accept a break in the first quarter: that would leave a tiny part.
  const minCut = Math.floor(maxLength / 4);
  const paragraph = window.lastIndexOf('\n\n');
  if (paragraph >= minCut) return paragraph;
  const line = window.lastIndexOf('\n');
  if (line >= minCut) return line;
  let sentence = -1;
  for (const match of window.matchAll(/[.!?…](?=\s)/g)) sentence = match.index + 1;
  if (sentence >= minCut) return sentence;
  const space = window.lastIndexOf(' ');
  if (space >= minCut) return space;
  // Never cut an emoji (a surrogate pair) in half.
  const code = text.charCodeAt(maxLength - 1);
  return code >= 0xd800 && code <= 0xdbff ? maxLength - 1 : maxLength;
}
