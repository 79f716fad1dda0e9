/**
 * Choices are bound to the question that offered them. Every question the bot asks gets a
 * token (kept in the session, sent with the question); a tap must carry the token of the
 * question open now. Telegram keeps old keyboards tappable and callback data can be forged,
 * so a tap on an earlier question's button, or an edit of a message written before the
 * question, is answered "that question has passed" instead of being read as an answer.
 */
import type { IncomingMessage } from '../core/messages.js';
import type { Session } from './session.js';

export interface Question {
  token: string;
  /** When it was asked (engine clock, epoch ms). */
  at: number;
}

/** A fresh token: a counter, plus the clock so a deleted and restarted session never repeats one. */
export function nextQuestion(session: Pick<Session, 'question'>, now: number): Question {
  const n = (session.question ? Number.parseInt(session.question.token.split('.')[0] ?? '0', 36) || 0 : 0) + 1;
  return { token: `${(n % 1296).toString(36)}.${(now % 1_679_616).toString(36)}`, at: now };
}

/** Telegram rounds a message's date down to the second. */
const CLOCK_SLACK_MS = 1000;

/**
 * Whether this input answers a question that is no longer the open one. Taps from channels
 * that carry tokens (`choiceToken` set, empty when the button had none) must match the open
 * question; an edit counts only when the edited message was written after it was asked.
 */
export function isStale(session: Session, message: IncomingMessage): boolean {
  const open = session.awaiting === 'answer' ? session.question : undefined;
  if (message.choiceId !== undefined && message.choiceToken !== undefined) {
    // The short form (counter only) is what a button with a long id carries.
    return !open || (message.choiceToken !== open.token && message.choiceToken !== open.token.split('.')[0]);
  }
  if (message.editOf !== undefined && open) return message.editOf + CLOCK_SLACK_MS <= open.at;
  return false;
}
