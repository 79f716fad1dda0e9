/** Country names: exact aliases, and names that count only in capitals ("^KL" in countries.yaml). */
import { describe, expect, it } from 'vitest';
import { createCountryMatcher } from '../../src/nlu/entities.js';

const countries = createCountryMatcher({ MY: ['malaysia', 'selangor', '^KL'], HK: ['hong kong'] });

describe('country matcher', () => {
  it('reads a capitals-only name as its country, and the same word in lower case as a chat word', () => {
    expect(countries.capital('kerja di kedai makan KL, cuti brp hari?')).toBe('MY');
    expect(countries.first('baru setahun di KL')).toBe('MY');
    expect(countries.capital('kl udah habis kontrak gmn')).toBeUndefined();
    expect(countries.capital('KLAIM ASURANSI')).toBeUndefined();
    expect(countries.capital('TOLONG SAYA DI KL')).toBeUndefined();
  });

  it('never takes a capitals-only name as an ordinary alias', () => {
    expect(countries.all('kl mau ke hong kong')).toEqual(['HK']);
    expect(countries.all('kerja di selangor')).toEqual(['MY']);
  });
});
