/**
 * Redis keys of the Cloud API channel. The per-user keys hold a time only; they are named
 * after the conversation (`{whatsapp-cloud:<wa_id>}`) so "hapus data saya" finds them.
 */
import { conversationKeys } from '../../dialogue/conversation-keys.js';

export interface CloudKeys {
  /** When the user last wrote (epoch ms): the 24-hour customer-service window. */
  lastInbound(userId: string): string;
  /** A webhook message id already taken (Meta redelivers until it gets a 200). */
  seen(messageId: string): string;
  /**
   * The API says the user cannot be reached (blocked the number, no WhatsApp): the
   * conversation's own mark, which the turn deletes when the user writes (conversation-keys.ts).
   */
  unreachable(userId: string): string;
  /** The set of unreachable users of earlier versions; only erased now. */
  legacyUnreachable: string;
}

export function cloudKeys(prefix: string): CloudKeys {
  return {
    lastInbound: (userId) => `${prefix}:wac:{whatsapp-cloud:${userId}}:last-in`,
    seen: (messageId) => `${prefix}:wac:seen:${messageId}`,
    unreachable: (userId) => conversationKeys(prefix, 'whatsapp-cloud', userId).unreachable,
    legacyUnreachable: `${prefix}:wac:unreachable`,
  };
}
