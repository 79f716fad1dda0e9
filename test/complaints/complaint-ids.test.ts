import { describe, expect, it } from 'vitest';
import {
  findTicket,
  hashPin,
  newComplaintId,
  newPin,
  newPinSecret,
  newTicket,
  normalizePin,
  normalizeTicket,
  verifyPin,
} from '../../src/complaints/complaint-ids.js';
import { complaintIdSchema, ticketSchema } from '../../src/complaints/complaint-schema.js';

describe('complaint ids, tickets and PINs', () => {
  it('makes BullMQ-safe complaint ids and contract-shaped tickets and PINs', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newComplaintId()));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(complaintIdSchema.safeParse(id).success).toBe(true);
      expect(id).not.toContain(':');
      expect(/^\d+$/.test(id)).toBe(false);
    }
    const tickets = Array.from({ length: 500 }, () => newTicket());
    for (const t of tickets) expect(t).toMatch(/^ADU-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(new Set(tickets).size).toBe(500);
    // Every Crockford symbol shows up: the alphabet is used, not a subset.
    expect(new Set(tickets.join('').slice(0)).size).toBeGreaterThanOrEqual(32);
    for (let i = 0; i < 200; i++) expect(newPin()).toMatch(/^\d{6}$/);
  });

  it('reads tickets the way people type them', () => {
    expect(normalizeTicket('ADU-7K3Q9X2M')).toBe('ADU-7K3Q9X2M');
    expect(normalizeTicket('adu 7k3q9x2m')).toBe('ADU-7K3Q9X2M');
    expect(normalizeTicket('ADU7K3Q9X2M')).toBe('ADU-7K3Q9X2M');
    expect(normalizeTicket('7k3q9x2m')).toBe('ADU-7K3Q9X2M');
    expect(normalizeTicket('ADU-7K3Q9X2O')).toBe('ADU-7K3Q9X20');
    expect(normalizeTicket('ADU-IL3Q9X2M')).toBe('ADU-113Q9X2M');
    expect(normalizeTicket('password')).toBeNull();
    expect(normalizeTicket('ADU-7K3Q9X2')).toBeNull();
    expect(normalizeTicket('ADU-7K3Q9X2U')).toBeNull();
    expect(ticketSchema.safeParse(normalizeTicket('adu-7k3q9x2m')).success).toBe(true);
    expect(findTicket('cek status ADU-7K3Q9X2M ya kak')).toBe('ADU-7K3Q9X2M');
    expect(findTicket('cek laporan saya kemarin')).toBeNull();
  });

  it('stores only a salted hash of the PIN and checks it', () => {
    const { pinSalt, pinHash } = newPinSecret('012345');
    expect(pinHash).not.toContain('012345');
    expect(verifyPin('012345', pinSalt, pinHash)).toBe(true);
    expect(verifyPin('012346', pinSalt, pinHash)).toBe(false);
    // Per-case salt: the same PIN hashes differently for two cases.
    expect(newPinSecret('012345').pinHash).not.toBe(pinHash);
    expect(hashPin('012345', pinSalt)).toBe(pinHash);
    expect(normalizePin(' 012 345 ')).toBe('012345');
    expect(normalizePin('12345')).toBeNull();
  });
});
