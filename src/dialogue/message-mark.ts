/**
 * The mark a message leaves in its conversation's list of recent marks. Telegram's ids are
 * short numbers and are kept as they are; WhatsApp's run to 30-60 characters and are kept as
 * 12 characters of their SHA-1, so 64 marks cost about a kilobyte at most. Collisions matter
 * only among one conversation's last 64 messages: at 72 bits, never in practice.
 */
import { createHash } from 'node:crypto';

const KEEP_AS_IS = 16;

export function messageMark(messageId: string): string {
  if (messageId.length <= KEEP_AS_IS) return messageId;
  return createHash('sha1').update(messageId).digest('base64url').slice(0, 12);
}
