import { describe, expect, it } from 'vitest';
import { compareWage } from '../../src/answers/wage-check.js';
import type { Destination } from '../../src/destinations/destination-schema.js';
import { loadDestinations } from '../../src/destinations/load-destinations.js';
import { realNlu } from '../nlu/nlu-fixture.js';

const nlu = realNlu();
const destinations = loadDestinations('data/destinations');
const d = (c: string): Destination => {
  const found = destinations.get(c);
  if (!found) throw new Error(`no ${c}`);
  return found;
};
const amountsOf = (text: string) => nlu.classify(text).entities.amounts ?? [];
const fact = (c: string, id: string) => d(c).facts.find((f) => f.id === id);

describe('the wage check', () => {
  it('compares an offered wage with the minimum for the job', () => {
    const w = compareWage(d('HK'), 'domestic', amountsOf('majikan cuma mau kasih HKD 4.800'), undefined);
    expect(w).toMatchObject({ below: true, offered: 4800, currency: 'HKD' });
    expect(w?.minimum).toBeGreaterThan(4800);
  });

  it('compares an allowance with the allowance the question is about, not with the wage', () => {
    const food = fact('HK', 'hk-wage-domestic-food');
    expect(food?.value?.amount).toBeGreaterThan(800);
    const w = compareWage(d('HK'), 'domestic', amountsOf('cuma dikasih uang makan HKD 800'), food);
    expect(w).toMatchObject({ below: true, offered: 800, minimum: food?.value?.amount, fact: food });
  });

  it('compares a wage with the wage when the question also names the food allowance', () => {
    const food = fact('HK', 'hk-wage-domestic-food');
    const w = compareWage(d('HK'), 'domestic', amountsOf('majikan mau bayar HK$4.990, trs uang makan brp?'), food);
    expect(w).toMatchObject({ below: true, offered: 4990, currency: 'HKD' });
    expect(w?.fact).not.toBe(food);
  });

  it('reads "18rb" abroad as local money when it is of the size of the local wage', () => {
    const amounts = amountsOf('majikan nawarin 18rb');
    expect(amounts[0]).toMatchObject({ value: 18_000, currency: 'IDR', implied: true });
    const w = compareWage(d('TW'), 'caregiver', amounts, undefined);
    expect(w).toMatchObject({ below: true, offered: 18_000, currency: 'TWD' });
  });

  it('leaves rupiah named as rupiah, and amounts far from any wage, alone', () => {
    expect(compareWage(d('TW'), 'caregiver', amountsOf('gaji Rp 18.000'), undefined)).toBeUndefined();
    expect(compareWage(d('TW'), 'caregiver', amountsOf('majikan nawarin 8jt'), undefined)).toBeUndefined();
  });

  it('compares pay by the hour with the hourly minimum, never with the monthly one', () => {
    const kr = compareWage(d('KR'), 'factory', amountsOf('bos bayar 9.500 won per jam'), undefined);
    expect(kr).toMatchObject({ below: true, offered: 9500, currency: 'KRW' });
    expect(kr?.fact.value?.per).toBe('hour');
    // Hong Kong has no hourly figure for domestic workers: HKD 100 an hour is not "below HK$5,100".
    expect(compareWage(d('HK'), 'domestic', amountsOf('dibayar HKD 100 per jam'), undefined)).toBeUndefined();
  });

  it("marks a comparison with the lowest of regional rates, which says nothing of the worker's region", () => {
    const jp = compareWage(d('JP'), 'factory', amountsOf('dibayar 1.100 yen per jam'), undefined);
    expect(jp).toMatchObject({ below: false, regional: true, currency: 'JPY' });
    expect(compareWage(d('KR'), 'factory', amountsOf('dibayar 9.500 won per jam'), undefined)?.regional).toBe(false);
  });
});
