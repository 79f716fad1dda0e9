/**
 * Redis keys of the Cloud API channel. The per-user keys hold a time only; they are named
 * after the conversation (`{whatsapp-cloud:<wa_id>}`) so "hapus data saya" finds them.
 */
export interface CloudKeys {
  /** When the user last wrote (epoch ms): the 24-hour customer-service window. */
  lastInbound(userId: string): string;
  /** A webhook message id already taken (Meta redelivers until it gets a 200). */
  seen(messageId: string): string;
  /** Users the API says cannot be reached (blocked the number, no WhatsApp). */
  unreachable: string;
}

export function cloudKeys(prefix: string): CloudKeys {
  return {
    lastInbound: (userId) => `${prefix}:wac:{whatsapp-cloud:${userId}}:last-in`,
    seen: (messageId) => `${prefix}:wac:seen:${messageId}`,
    unreachable: `${prefix}:wac:unreachable`,
  };
}
