import { describe, expect, it } from 'vitest';
import { matchChoice, parseDate, parseNumber, parseYesNo } from '../../src/engine/answers.js';
import { cleanText, scrubPersonal } from '../../src/engine/text-utils.js';

const choices = [
  { id: 'info', label: 'Info kerja ke luar negeri' },
  { id: 'agency', label: 'Cek izin agensi/PT' },
  { id: 'complaint', label: 'Lapor masalah' },
];

describe('answers', () => {
  it('accepts a choice as button id, number, label or misspelt label', () => {
    expect(matchChoice('', choices, 'agency')).toBe('agency');
    expect(matchChoice('2', choices)).toBe('agency');
    expect(matchChoice('no 3', choices)).toBe('complaint');
    expect(matchChoice('lapor masalah', choices)).toBe('complaint');
    expect(matchChoice('lapor masalh', choices)).toBe('complaint');
    expect(matchChoice('cek izin agensi pt', choices)).toBe('agency');
    expect(matchChoice('9', choices)).toBeNull();
    expect(matchChoice('bagaimana cuaca', choices)).toBeNull();
  });

  it('reads yes and no in chat Indonesian, Javanese and Sundanese', () => {
    for (const y of ['ya', 'iya', 'Ok', 'nggih', 'muhun', 'ya betul']) expect(parseYesNo(y), y).toBe(true);
    for (const n of ['tidak', 'gak', 'nggak', 'ora', 'henteu', 'tidak, terima kasih'])
      expect(parseYesNo(n), n).toBe(false);
    expect(parseYesNo('mungkin')).toBeNull();
  });

  it('reads numbers and dates', () => {
    expect(parseNumber('3 bulan')).toBe(3);
    expect(parseNumber('Rp 1.500.000')).toBe(1_500_000);
    expect(parseNumber('2,5 juta')).toBe(2_500_000);
    expect(parseNumber('tiga')).toBeNull();
    const now = Date.UTC(2026, 10, 29);
    expect(parseDate('31/12/2025', now)).toBe('2025-12-31');
    expect(parseDate('2025-02-30', now)).toBeNull();
    expect(parseDate('kemarin', now)).toBe('2026-11-28');
    expect(parseDate('17 agustus 2025', now)).toBe('2025-08-17');
  });

  it('cleans invisible characters and scrubs personal data', () => {
    expect(cleanText('  ha\u200blo\u202e \u0000 ')).toBe('halo');
    expect(scrubPersonal('hubungi 0812-3456-7890 atau siti@mail.com soal ADU-7K3Q9X2M')).toBe(
      'hubungi <number> atau <email> soal <ticket>',
    );
  });
});
