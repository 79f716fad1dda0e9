/**
 * What kind of first reply a message got, read from where the conversation stands after it.
 * Used by the whole-bot evaluations to tell an escalation from a question, a form, a pick
 * list or a "did not understand".
 */
import type { FirstReply } from './whole-bot.js';

export type ReplyKind = 'emergency' | 'handover' | 'safety_check' | 'not_understood' | 'pick_list' | 'form' | 'answer';

/** Flows whose first question is the safety net's "are you in danger now?" check. */
const SAFETY_CHECK_FLOWS = new Set(['safety-check']);

/** Keys of the replies that tell the user the bot did not understand or the answer was no option. */
export const NOT_UNDERSTOOD_KEYS = [
  'fallback.rephrase',
  'fallback.rephrase_in_form',
  'fallback.offer_menu',
  'fallback.offer_human',
  'fallback.offer_help',
  'common.retry.choice',
];

export function replyKind(r: FirstReply, notUnderstood: readonly string[] = []): ReplyKind {
  const s = r.session;
  // Escalated: to staff (mode waiting), or, with no staff console, the numbers given instead.
  const e = r.state?.escalation;
  if (e) return e.urgent ? 'emergency' : 'handover';
  if (s && s.mode !== 'bot') return s.handover?.urgent ? 'emergency' : 'handover';
  const flow = r.state?.flow ?? null;
  const node = r.state?.node ?? null;
  if (flow && SAFETY_CHECK_FLOWS.has(flow)) return 'safety_check';
  if (flow === 'fallback') return 'not_understood';
  if (r.replies.some((m) => notUnderstood.some((t) => m.text.startsWith(t)))) return 'not_understood';
  if (flow === 'faq' && node === 'pick') return 'pick_list';
  if (flow === 'complaint') return 'form';
  return 'answer';
}

/** A phone number or short code of at least 4 characters ("0800-1000", "021-129", "+62 812 ..."). */
const PHONE = /\+?\d[\d\s().-]{2,}\d/;

export function hasContactNumber(r: FirstReply): boolean {
  return r.replies.some((m) => PHONE.test(m.text));
}

export function replyText(r: FirstReply): string {
  return r.replies.map((m) => m.text).join('\n');
}
