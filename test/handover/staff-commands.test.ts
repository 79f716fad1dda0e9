import { describe, expect, it } from 'vitest';
import { parseStaffCommand } from '../../src/handover/staff-commands.js';

describe('parseStaffCommand', () => {
  it('reads Indonesian commands and English aliases', () => {
    expect(parseStaffCommand('/ambil')).toEqual({ kind: 'take' });
    expect(parseStaffCommand('/take')).toEqual({ kind: 'take' });
    expect(parseStaffCommand('/TUTUP')).toEqual({ kind: 'close' });
    expect(parseStaffCommand('/close@SahabatPmiBot')).toEqual({ kind: 'close' });
    expect(parseStaffCommand('/catatan sudah telepon KBRI')).toEqual({ kind: 'note' });
    expect(parseStaffCommand('/note called the embassy')).toEqual({ kind: 'note' });
    expect(parseStaffCommand('/kontak')).toEqual({ kind: 'contact' });
    expect(parseStaffCommand('/bantuan')).toEqual({ kind: 'help' });
  });

  it('reads a status change with Indonesian or English status words', () => {
    expect(parseStaffCommand('/status ADU-7K3Q9X2M resolved')).toEqual({
      kind: 'status',
      ticket: 'ADU-7K3Q9X2M',
      status: 'resolved',
    });
    expect(parseStaffCommand('/status adu7k3q9x2m dirujuk')).toEqual({
      kind: 'status',
      ticket: 'ADU-7K3Q9X2M',
      status: 'referred',
    });
    expect(parseStaffCommand('/status ADU-7K3Q9X2M')).toEqual({ kind: 'status_usage' });
    expect(parseStaffCommand('/status ADU-7K3Q9X2M received')).toEqual({ kind: 'status_usage' });
    expect(parseStaffCommand('/status ADU-ILOU0000 closed')).toEqual({ kind: 'status_usage' });
  });

  it('never lets a mistyped command through as a message', () => {
    expect(parseStaffCommand('/ambl')).toEqual({ kind: 'unknown', name: 'ambl' });
    expect(parseStaffCommand('/123')).toMatchObject({ kind: 'unknown' });
    expect(parseStaffCommand('Halo, saya petugas.')).toEqual({ kind: 'message' });
    expect(parseStaffCommand(undefined)).toEqual({ kind: 'message' });
    expect(parseStaffCommand('  /ambil  ')).toEqual({ kind: 'take' });
  });
});
