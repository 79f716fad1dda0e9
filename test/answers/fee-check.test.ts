import { describe, expect, it } from 'vitest';
import { contractYearIn, saysMonthly } from '../../src/answers/contract-year.js';
import { checkFee } from '../../src/answers/fee-check.js';
import { loadDestinations } from '../../src/destinations/load-destinations.js';
import { realNlu } from '../nlu/nlu-fixture.js';

const nlu = realNlu();
const destinations = loadDestinations('data/destinations');
const d = (c: string) => {
  const found = destinations.get(c);
  if (!found) throw new Error(`no ${c}`);
  return found;
};
const amountsOf = (text: string) => nlu.classify(text).entities.amounts ?? [];

describe('amounts as workers write them', () => {
  it.each([
    ['sy udh bayar 30jt ke PT', 30_000_000, 'IDR'],
    ['bayar 15 juta', 15_000_000, 'IDR'],
    ['Rp 30.000.000 ke sponsor', 30_000_000, 'IDR'],
    ['disuruh bayar Rp30,000,000', 30_000_000, 'IDR'],
    ['agensi minta 10rb HKD', 10_000, 'HKD'],
    ['HKD 3000 x 6 bulan', 3000, 'HKD'],
    ['NT$1800/bln', 1800, 'TWD'],
    ['RM1,500 sebulan', 1500, 'MYR'],
    ['fee 2.000 SGD', 2000, 'SGD'],
    ['1,5 juta', 1_500_000, 'IDR'],
  ])('%s', (text, value, currency) => {
    expect(amountsOf(text)[0]).toMatchObject({ value, currency });
  });

  it('reads repeats, per-month amounts and salary deductions in months', () => {
    expect(amountsOf('HKD 3000 x 6')[0]).toMatchObject({ times: 6 });
    expect(amountsOf('NT$1800/bln')[0]).toMatchObject({ perMonth: true });
    expect(amountsOf('potong gaji 7 bulan')[0]).toEqual({ value: 7, currency: 'MONTHS' });
    expect(amountsOf('3 bulan potongan gaji')[0]).toEqual({ value: 3, currency: 'MONTHS' });
  });

  it('leaves ages, years and bare numbers alone', () => {
    expect(amountsOf('umur 17 tahun, kontrak 2 tahun, lantai 12')).toEqual([]);
  });
});

describe('fee check against the destination caps and Indonesian placement rules', () => {
  it('Hong Kong agencies may take 10% of the first month: HKD 10,000 is far over', () => {
    const v = checkFee(d('HK'), amountsOf('agensi minta 10rb HKD'), 'domestic', 'agency_fee');
    expect(v).toMatchObject({ verdict: 'no', side: 'destination', currency: 'HKD', allowed: 510, excess: 9490 });
  });

  it('a deduction of months of salary counts as what the agency takes', () => {
    const v = checkFee(d('HK'), amountsOf('potong gaji 3 bulan buat agen'), 'domestic', 'agency_fee');
    expect(v).toMatchObject({ verdict: 'no', asked: 3 * 5100 });
  });

  it("Taiwan's broker fee of NT$1,800 a month in the first year is within the cap, NT$2,500 is not", () => {
    expect(checkFee(d('TW'), amountsOf('NT$1800/bln'), 'caregiver', 'agency_fee')).toMatchObject({ verdict: 'yes' });
    expect(checkFee(d('TW'), amountsOf('NT$2500/bln'), 'caregiver', 'agency_fee')).toMatchObject({
      verdict: 'no',
      excess: 700,
    });
  });

  it("Taiwan's schedule falls with the contract year: NT$1,800 a month is over the cap from the third year", () => {
    const text = 'udh taun ke-3, tiap bulan dipotong NT$1800 buat agensi';
    const v = checkFee(d('TW'), amountsOf(text), 'factory', 'agency_fee', {
      year: contractYearIn(text),
      monthly: saysMonthly(text),
    });
    expect(v).toMatchObject({ verdict: 'no', allowed: 1500, excess: 300 });
  });

  it('every amount is checked and the worst verdict wins: rupiah for a zero-cost job and months of wage', () => {
    const v = checkFee(
      d('BN'),
      amountsOf('PT minta Rp 12.000.000 + potong gaji 4 bulan'),
      'domestic',
      'placement_cost',
    );
    expect(v).toMatchObject({ verdict: 'no', side: 'indonesia', currency: 'IDR', asked: 12_000_000 });
  });

  it("a fee in the destination's money goes to its cap, and where nothing may be charged any amount is too much", () => {
    const v = checkFee(d('QA'), amountsOf('must pay USD 1,500 recruitment fee'), 'domestic', 'placement_cost');
    expect(v).toMatchObject({ verdict: 'no', side: 'destination', allowed: 0, excess: 1500 });
  });

  it('Taiwan caregivers: the Indonesian side may charge up to its published maximum', () => {
    expect(checkFee(d('TW'), amountsOf('bayar 30jt ke PT'), 'caregiver')).toMatchObject({
      verdict: 'no',
      side: 'indonesia',
      allowed: 9_622_000,
    });
    expect(checkFee(d('TW'), amountsOf('bayar 5jt ke PT'), 'caregiver')).toMatchObject({ verdict: 'yes' });
  });

  it('an amount in a currency the rule does not use is not converted: it depends', () => {
    expect(checkFee(d('HK'), amountsOf('agen minta USD 500'), 'domestic', 'agency_fee')).toMatchObject({
      verdict: 'depends',
    });
  });
});

describe('what a fee question says about time', () => {
  it.each([
    ['udh taun ke-3 kerja di TW', 3],
    ['tahun kedua kontrak', 2],
    ["I'm in my 2nd year", 2],
    ['third year of my contract', 3],
    ['kontrak 2 tahun', undefined],
  ])('%s', (text, year) => {
    expect(contractYearIn(text)).toBe(year);
  });

  it('knows a monthly deduction', () => {
    expect(saysMonthly('tiap bulan dipotong NT$1800')).toBe(true);
    expect(saysMonthly('deducted every month')).toBe(true);
    expect(saysMonthly('bayar 30jt sekali')).toBe(false);
  });
});
