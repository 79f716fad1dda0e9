import { describe, expect, it } from 'vitest';
import { buildComplaint, hasUrgentSigns, splitParty } from '../../src/complaints/complaint-draft.js';
import { newComplaintId, newTicket } from '../../src/complaints/complaint-ids.js';
import { complaintJobSchema } from '../../src/complaints/complaint-schema.js';

const identity = { id: newComplaintId(), ticket: newTicket(), pin: '123456' };
const ctx = { identity, channel: 'whatsapp' as const, lang: 'id' as const, now: Date.UTC(2026, 0, 2) };
const slots = {
  category: 'lost_contact',
  reporter: 'family',
  country: 'my',
  description: 'Kakak saya tidak bisa dihubungi sejak bulan lalu.',
  party: 'PT Sinar Abadi',
  contactMethod: 'other_number',
  contactValue: '+62 812 0000 0000',
  consent: true,
  attachments: [
    { kind: 'photo', ref: 'AgAD-1', fileName: 'KTP Siti.jpg' },
    { kind: 'bogus', ref: 'x' },
  ],
};

describe('building the complaint from the flow slots', () => {
  it('makes a valid job payload', () => {
    const r = buildComplaint(slots, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(complaintJobSchema.parse(r.complaint)).toEqual(r.complaint);
    expect(r.complaint).toMatchObject({
      id: identity.id,
      ticket: identity.ticket,
      createdAt: '2026-01-02T00:00:00.000Z',
      channel: 'whatsapp',
      country: 'MY',
      agencyName: 'PT Sinar Abadi',
      contact: { method: 'other_number', value: '+62 812 0000 0000' },
      attachments: [{ kind: 'photo', ref: 'AgAD-1', channel: 'whatsapp' }],
      consent: true,
      urgent: false,
    });
    expect(r.complaint).not.toHaveProperty('employerName');
  });

  it('names the first missing answer', () => {
    expect(buildComplaint({ ...slots, category: 'gaji' }, ctx)).toEqual({ ok: false, missing: 'category' });
    expect(buildComplaint({ ...slots, country: null }, ctx)).toEqual({ ok: false, missing: 'country' });
    expect(buildComplaint({ ...slots, contactValue: '' }, ctx)).toEqual({ ok: false, missing: 'contact' });
    expect(buildComplaint({ ...slots, consent: false }, ctx)).toEqual({ ok: false, missing: 'consent' });
  });

  it('marks urgent categories, confinement and minors as urgent', () => {
    const urgent = (s: Record<string, unknown>) => {
      const r = buildComplaint({ ...slots, ...s }, ctx);
      return r.ok && r.complaint.urgent;
    };
    expect(urgent({ category: 'violence' })).toBe(true);
    expect(urgent({ category: 'sexual_abuse' })).toBe(true);
    expect(urgent({ category: 'trafficking' })).toBe(true);
    expect(urgent({ category: 'unpaid_wages' })).toBe(false);
    expect(urgent({ category: 'unpaid_wages', description: 'Saya dikurung di rumah majikan.' })).toBe(true);
    expect(urgent({ minor: true })).toBe(true);
    expect(hasUrgentSigns('adik saya umurnya 16 tahun dikirim ke Malaysia')).toBe(true);
    expect(hasUrgentSigns('gak boleh keluar rumah sama sekali')).toBe(true);
    expect(hasUrgentSigns('saya sudah kerja 3 tahun, umur 25 tahun')).toBe(false);
  });

  it('files one answer under agency or employer', () => {
    expect(splitParty('PT Maju Jaya')).toEqual({ agencyName: 'PT Maju Jaya' });
    expect(splitParty('Majikan Mr Lee')).toEqual({ employerName: 'Majikan Mr Lee' });
    expect(splitParty('Chen family')).toEqual({ employerName: 'Chen family' });
    expect(splitParty(null)).toEqual({});
  });
});
