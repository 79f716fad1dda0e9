import { describe, expect, it } from 'vitest';
import { extractAgencyQuery, isHowToCheck } from '../../src/agencies/extract-agency-query.js';

describe('extractAgencyQuery', () => {
  it.each([
    ['pt sinar jaya abadi resmi gk?', 'pt sinar jaya abadi'],
    ['cek PT Maju Jaya', 'PT Maju Jaya'],
    ['agensi Sinar Jaya resmi?', 'Sinar Jaya'],
    ['apakah PT. Bumi Sejahtera terdaftar di BP2MI', 'PT. Bumi Sejahtera'],
    ['PT Sinar Jaya Abadi itu legal ga ya kak', 'PT Sinar Jaya Abadi'],
    ['mau tanya, pt maju jaya perkasa masih ada izinnya?', 'pt maju jaya perkasa'],
    ['kak sy ditawari kerja sama PT Duta Putra Mandiri, aman gak ya', 'PT Duta Putra Mandiri'],
    ['perusahaan bintang timur sejahtera terdaftar?', 'bintang timur sejahtera'],
    ['is Sinar Jaya Abadi licensed?', 'Sinar Jaya Abadi'],
    ['tolong cek lisensi CONTOH-0101', 'CONTOH-0101'],
    ['cek “PT Lintas Samudra Jaya”', 'PT Lintas Samudra Jaya'],
    ['Sinar Jaya Abadi', 'Sinar Jaya Abadi'],
    ['P.T. Aman Sentosa resmi kah', 'P.T. Aman Sentosa'],
    ['PT Maju Jaya (Persero) Tbk', 'PT Maju Jaya (Persero) Tbk'],
    ['PT Cahaya Lintas Abadi minta 40jt buat ke korea', 'PT Cahaya Lintas Abadi'],
    ['pt sumber rezeki nyuruh bayar lagi 5 juta', 'pt sumber rezeki'],
  ])('%s -> %s', (text, expected) => {
    expect(extractAgencyQuery(text)).toBe(expected);
  });

  it.each(['cek agensi', 'halo kak', 'apakah resmi?', '   ', 'PT'])('finds no name in %j', (text) => {
    expect(extractAgencyQuery(text)).toBeNull();
  });
});

describe('isHowToCheck', () => {
  it.each([
    'Bagaimana cara memastikan agen tenaga kerja di Hong Kong memiliki izin resmi?',
    'gimana caranya cek agensi resmi atau bukan',
    'How do I check if an agency in Singapore is licensed?',
    'gmn cara ngecek PT yg rekrut sy itu resmi ato abal2?',
  ])('is a question on how to check: %s', (text) => {
    expect(isHowToCheck(text)).toBe(true);
  });

  it.each([
    'cek PT Sinar Jaya Abadi resmi gk?',
    'bagaimana cara cek PT Bumi Sejahtera?',
    'sinar jaya abadi terdaftar?',
  ])('names a company: %s', (text) => {
    expect(isHowToCheck(text)).toBe(false);
  });
});
