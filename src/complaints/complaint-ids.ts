/**
 * Complaint ids, ticket codes and PINs. All randomness comes from node:crypto.
 *
 * The PIN is stored as sha256(salt | pin) with a per-case salt, not scrypt: a 6-digit PIN has
 * only 10^6 values, so no affordable work factor stops an offline search by someone who can
 * read Redis (and that person already sees the case itself). What protects the PIN is the
 * online limit of 5 wrong tries per hour per code and per chat; a cheap hash keeps intake fast.
 */
import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newComplaintId(): string {
  return `cmp-${randomUUID()}`;
}

/** `ADU-` + 8 random Crockford base32 characters (40 bits). */
export function newTicket(): string {
  const bytes = randomBytes(8);
  let out = '';
  for (const b of bytes) out += CROCKFORD[b & 31];
  return `ADU-${out}`;
}

export function newPin(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * Reads a ticket the way people type it: any case, with spaces or without the dash
 * ("adu 7k3q9x2m", "ADU7K3Q9X2M", "7K3Q9X2M"), and Crockford's look-alikes (O -> 0, I/L -> 1).
 * Returns the canonical `ADU-XXXXXXXX` or null.
 */
export function normalizeTicket(input: string): string | null {
  const upper = input.toUpperCase().replace(/[\s\-_.:#]/g, '');
  const prefixed = upper.startsWith('ADU');
  const compact = prefixed ? upper.slice(3) : upper;
  if (compact.length !== 8) return null;
  // Without "ADU" an ordinary 8-letter word ("password") must not pass for a code.
  if (!prefixed && !/\d/.test(compact)) return null;
  const body = compact.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{8}$/.test(body)) return null;
  return `ADU-${body}`;
}

/** Finds a ticket inside a message ("cek status ADU-7K3Q9X2M ya"). */
export function findTicket(text: string): string | null {
  const m = /\bADU[\s\-_.:#]*([0-9A-Z]{8})\b/i.exec(text);
  return m ? normalizeTicket(m[1] ?? '') : null;
}

export function normalizePin(input: string): string | null {
  const digits = input.replace(/[\s.-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

export function hashPin(pin: string, salt: string): string {
  return createHash('sha256').update(`${salt}|${pin}`).digest('hex');
}

export function newPinSecret(pin: string): { pinSalt: string; pinHash: string } {
  const pinSalt = randomBytes(16).toString('hex');
  return { pinSalt, pinHash: hashPin(pin, pinSalt) };
}

export function verifyPin(pin: string, salt: string, hash: string): boolean {
  const a = Buffer.from(hashPin(pin, salt), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
