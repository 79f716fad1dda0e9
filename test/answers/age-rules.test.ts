import { describe, expect, it } from 'vitest';
import { ageIn } from '../../src/answers/age-rules.js';

describe('the age a question states', () => {
  it.each([
    ['Abdi yuswa 41 taun, naha masih tiasa daptar EPS-TOPIK ka Korea?', 41],
    ['Umur aku 21 thn, ada sponsor bilang bisa kerja di Singapura', 21],
    ['usia saya sudah 45 tahun, masih bisa ke Taiwan?', 45],
    ["I'm 17, can I work in Saudi?", 17],
    ['anak saya 16 tahun mau dibawa ke Malaysia', 16],
  ])('reads %s', (text, age) => {
    expect(ageIn(text)).toBe(age);
  });

  it.each([
    'udah kerja 12 tahun di HK, pesangon dapat berapa?',
    'kontrake iso diperpanjang terus sampe 10 taun',
    'I have worked for 12 years with the same employer',
    'gaji 20 juta sebulan',
    'ongkos e-paspor yang 10 tahun brp skrg',
    'visa kerja 2 tahun bisa diperpanjang?',
    'izin tinggalnya berlaku 3 tahun kan',
  ])('does not take years of work or of a paper being valid for an age: %s', (text) => {
    expect(ageIn(text)).toBeUndefined();
  });
});
