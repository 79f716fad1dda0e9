import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AgencyMatcher, createAgencyMatcher, type MatchResult } from '../../src/agencies/agency-matcher.js';
import { parseAgencyCsv } from '../../src/agencies/parse-agency-csv.js';

function sampleMatcher(): AgencyMatcher {
  const parsed = parseAgencyCsv(readFileSync('data/agencies-sample.csv'));
  if (!parsed.ok) throw new Error(parsed.error);
  return createAgencyMatcher(parsed.records);
}

const matcher = sampleMatcher();

function foundName(result: MatchResult): string | undefined {
  return result.kind === 'found' ? result.agency.name : undefined;
}

function choiceNames(result: MatchResult): string[] {
  return result.kind === 'ambiguous' ? result.candidates.map((c) => c.agency.name) : [];
}

describe('createAgencyMatcher', () => {
  it.each([
    ['exact name', 'PT Sinar Jaya Abadi', 'PT Sinar Jaya Abadi'],
    ['lower case, no legal form', 'sinar jaya abadi', 'PT Sinar Jaya Abadi'],
    ['P.T. with dots and punctuation', 'P.T. Duta-Putra, Mandiri!!', 'PT Duta Putra Mandiri'],
    ['Tbk and Persero around the name', 'Mega Tenaga Persada (Persero) Tbk', 'PT Mega Tenaga Persada'],
    ['one typo per word', 'pt wahna karya utma', 'PT Wahana Karya Utama'],
    ['two typos in a long word', 'anugreah mitra abadi', 'PT Anugerah Mitra Abadi'],
    ['swapped letters', 'PT Tirta Anugreah Lestrai', 'PT Tirta Anugerah Lestari'],
    ['word order', 'Karya Wahana Utama', 'PT Wahana Karya Utama'],
    ['a missing word', 'Kirana Nusantara', 'PT Kirana Bakti Nusantara'],
    ['abbreviation Intl', 'bumi sejahtera intl', 'PT Bumi Sejahtera Internasional'],
    ['abbreviation Indo for Indonesia', 'surya duta indo', 'PT Surya Duta Indonesia'],
    ['Indonesia for a registered Indo', 'Indonesia Duta Mandiri', 'PT Indo Duta Mandiri'],
    ['abbreviation Mdr', 'duta putra mdr', 'PT Duta Putra Mandiri'],
    ['old spelling', 'Soerya Doeta Internasional', 'PT Surya Duta Internasional'],
    ['glued words', 'sinarjaya mandiri', 'PT Sinar Jaya Mandiri'],
    ['repeated letters', 'berkahhh insan muliaaa', 'PT Berkah Insan Mulia'],
    ['chat words around the name', 'cek pt lintas samudera jaya resmi gk', 'PT Lintas Samudra Jaya'],
  ])('finds one agency by %s', (_label, query, expected) => {
    expect(foundName(matcher.match(query))).toBe(expected);
  });

  it.each([
    ['the number as written', 'CONTOH-0107'],
    ['spaces and case', 'contoh 0107'],
    ['inside a sentence', 'izin no contoh/0107 itu bener?'],
  ])('finds an agency by licence number: %s', (_label, query) => {
    const r = matcher.match(query);
    expect(r).toMatchObject({ kind: 'found', by: 'licence', agency: { name: 'PT Bumi Sejahtera Indah' } });
  });

  it('says "none" for an unknown licence number, without guessing a name', () => {
    expect(matcher.match('SIP3MI 81201141907610001')).toEqual({ kind: 'none', by: 'licence' });
  });

  it('offers the close ones as choices when a name fits several', () => {
    expect(choiceNames(matcher.match('maju jaya')).sort()).toEqual(['PT Maju Jaya Perkasa', 'PT Maju Jaya Sentosa']);
    expect(choiceNames(matcher.match('PT. Bumi Sejahtera')).sort()).toEqual([
      'PT Bumi Sejahtera Indah',
      'PT Bumi Sejahtera Internasional',
    ]);
    // Same words, both orders registered: the order typed decides only when it is exact.
    const swapped = choiceNames(matcher.match('jaya sinar abadi'));
    expect(swapped.slice(0, 2).sort()).toEqual(['PT Abadi Sinar Jaya', 'PT Sinar Jaya Abadi']);
    expect(foundName(matcher.match('abadi sinar jaya'))).toBe('PT Abadi Sinar Jaya');
  });

  it('offers at most five choices, best first', () => {
    const r = matcher.match('jaya');
    expect(r.kind).not.toBe('found');
    if (r.kind === 'ambiguous') {
      expect(r.candidates.length).toBeLessThanOrEqual(5);
      const scores = r.candidates.map((c) => c.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('reads initials of neighbouring words ("sj abadi")', () => {
    expect(matcher.rank('sj abadi', 1)[0]?.agency.name).toBe('PT Sinar Jaya Abadi');
  });

  it.each(['PT Sejahtera Selalu Bahagia', 'xyz', 'PT Karya Tani Subur Makmur Sentosa Jaya'])(
    'does not give one answer for an unknown company: %s',
    (query) => {
      expect(matcher.match(query).kind).not.toBe('found');
    },
  );

  it('says "none" for words no registered name resembles', () => {
    expect(matcher.match('Zebra Kuantum Galaksi')).toEqual({ kind: 'none', by: 'name' });
    expect(matcher.match('')).toEqual({ kind: 'none', by: 'name' });
    expect(matcher.match('PT')).toEqual({ kind: 'none', by: 'name' });
  });

  it('works on an empty registry', () => {
    expect(createAgencyMatcher([]).match('sinar jaya')).toEqual({ kind: 'none', by: 'name' });
  });
});
