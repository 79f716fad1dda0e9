/**
 * The name staff see instead of a phone number or chat id: `PMI-` and six Crockford base32
 * characters of an HMAC over channel and user id. Without `PSEUDONYM_SECRET` anyone holding
 * a list of numbers could recompute it, so production must set the secret.
 */
import { createHmac } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Six characters are 30 bits: collisions stay unlikely across many thousands of conversations. */
export function pseudonymOf(channel: string, userId: string, secret = '', length = 6): string {
  const digest = createHmac('sha256', secret || 'sahabat-pmi')
    .update(`${channel}:${userId}`)
    .digest();
  let out = '';
  let value = 0;
  let bits = 0;
  for (const byte of digest) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= length) break;
  }
  return `PMI-${out}`;
}
