/** Checks every bot answer must pass, whatever it was asked: sizes, no empty text, no apology for our own failure. */
import type { OutgoingMessage } from '../../../src/core/messages.js';
import { translator } from './texts.js';

export const TELEGRAM_TEXT_LIMIT = 4096;
export const CALLBACK_DATA_LIMIT = 64;

/** Apologies that mean something inside the bot failed (Redis is healthy in the scenarios that use this). */
const FAILURE_KEYS = ['common.action_failed', 'common.error_reset', 'common.session_reset'];
const failureHeads = FAILURE_KEYS.flatMap((k) => ['id', 'en'].map((l) => translator.t(l as 'id', k).slice(0, 40)));

export function replyProblems(replies: OutgoingMessage[], maxMessageLength: number): string[] {
  const problems: string[] = [];
  for (const r of replies) {
    if (typeof r.text !== 'string' || r.text.trim() === '') problems.push('empty reply text');
    else if (r.text.length > TELEGRAM_TEXT_LIMIT)
      problems.push(`reply of ${r.text.length} chars > ${TELEGRAM_TEXT_LIMIT}`);
    else if (r.text.length > maxMessageLength) problems.push(`reply of ${r.text.length} chars > MAX_MESSAGE_LENGTH`);
    if (failureHeads.some((h) => r.text?.startsWith(h)))
      problems.push(`internal failure apology: ${r.text.slice(0, 40)}`);
    for (const c of r.choices ?? []) {
      if (Buffer.byteLength(c.id, 'utf8') > CALLBACK_DATA_LIMIT)
        problems.push(`choice id over ${CALLBACK_DATA_LIMIT} bytes`);
      if (!c.label?.trim()) problems.push('empty choice label');
    }
  }
  return problems;
}
