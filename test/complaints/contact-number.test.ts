import { describe, expect, it } from 'vitest';
import { normalizeContactNumber } from '../../src/complaints/contact-number.js';

describe('normalizeContactNumber', () => {
  it('stores numbers as E.164 however they are written', () => {
    expect(normalizeContactNumber('0812-3456-7890')).toMatchObject({ ok: true, e164: '+6281234567890', country: 'ID' });
    expect(normalizeContactNumber('+62 812 3456 7890')).toMatchObject({ e164: '+6281234567890' });
    expect(normalizeContactNumber('6281234567890')).toMatchObject({ e164: '+6281234567890' });
    expect(normalizeContactNumber('+886 912 345 678')).toMatchObject({ e164: '+886912345678', country: 'TW' });
    expect(normalizeContactNumber('+852 5123 4567')).toMatchObject({ e164: '+85251234567', country: 'HK' });
  });

  it("reads a number without country code as the complaint's country first, then Indonesia", () => {
    expect(normalizeContactNumber('0912 345 678', 'TW')).toMatchObject({ e164: '+886912345678', country: 'TW' });
    expect(normalizeContactNumber('012-345 6789', 'MY')).toMatchObject({ e164: '+60123456789', country: 'MY' });
    // A family member at home, the worker in Taiwan: an Indonesian 08 number still works.
    expect(normalizeContactNumber('081234567890', 'TW')).toMatchObject({ e164: '+6281234567890', country: 'ID' });
  });

  it('refuses what is not a phone number', () => {
    for (const bad of ['besok saja', '12345', '0812', '+999 123 456 789', '0000000000', 'x'.repeat(50)]) {
      expect(normalizeContactNumber(bad), bad).toEqual({ ok: false });
    }
  });
});
