/**
 * A conversation opened with the code word stays discreet to its end: the phone may be read
 * by the employer, so nothing the bot sends may name the hotline, staff, a complaint or an
 * emergency. Every sender of a handover line to the worker asks here first.
 */
import type { Session } from '../engine/session.js';

export const DISCREET_REASON = 'code_word';

export function isDiscreet(
  session: Pick<Session, 'handover'> | null | undefined,
  record?: { reason?: string } | null,
): boolean {
  return session?.handover?.reason === DISCREET_REASON || record?.reason === DISCREET_REASON;
}

/** A staff message as the worker sees it: discreetly the text alone, otherwise with the staff prefix. */
export function staffLine(discreet: boolean, text: string, prefixed: (text: string) => string): string {
  return discreet ? text : prefixed(text);
}
