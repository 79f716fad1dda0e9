import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeLicence } from '../../src/agencies/agency-schema.js';
import { parseAgencyCsv } from '../../src/agencies/parse-agency-csv.js';

const HEADER = 'name,licence_no,status,valid_until,address,province';

describe('parseAgencyCsv', () => {
  it('reads the sample registry whole and notices its sample marker', () => {
    const r = parseAgencyCsv(readFileSync('data/agencies-sample.csv'));
    if (!r.ok) throw new Error(r.error);
    expect(r.records).toHaveLength(40);
    expect(r.rejected).toEqual([]);
    expect(r.sampleMarked).toBe(true);
    expect(new Set(r.records.map((a) => a.status))).toEqual(new Set(['active', 'suspended', 'revoked']));
    const first = r.records[0]!;
    expect(first).toMatchObject({ name: 'PT Sinar Jaya Abadi', licenceKey: 'CONTOH0101', validUntil: '2028-03-31' });
  });

  it('rejects bad rows with their line numbers and reasons, and keeps the good ones', () => {
    const csv = [
      HEADER,
      'PT Satu,AB-001,active,2027-01-01,"Jl. A, No. 1",Bali',
      'PT Dua,AB-002,dormant,2027-01-01,Jl. B,Bali',
      'PT Tiga,AB-003,revoked,2027-02-30,Jl. C,Bali',
      '',
      'PT Empat,AB-004,suspended,,Jl. D',
      'PT Lima,ab 001,ACTIVE,,Jl. E,Bali',
      ',AB-006,active,,Jl. F,Bali',
      'PT Tujuh,AB-007, Revoked ,,Jl. G,Bali',
    ].join('\n');
    const r = parseAgencyCsv(csv);
    if (!r.ok) throw new Error(r.error);
    expect(r.records.map((a) => a.name)).toEqual(['PT Satu', 'PT Tujuh']);
    expect(r.records[1]!.status).toBe('revoked');
    expect(r.rejected).toEqual([
      { line: 3, reason: expect.stringMatching(/^status: status must be active, suspended or revoked/) },
      { line: 4, reason: expect.stringMatching(/^valid_until: expected an ISO date/) },
      { line: 6, reason: 'expected 6 columns, got 5' },
      { line: 7, reason: 'licence_no: duplicate of line 2' },
      { line: 8, reason: expect.stringMatching(/^name: /) },
    ]);
    expect(r.dataRows).toBe(7);
  });

  it('accepts columns in any order, a BOM and CRLF line ends', () => {
    const csv = '\uFEFFprovince,name,status,licence_no,address,valid_until\r\nBali,PT Satu,active,X-100,Jl. A,\r\n';
    const r = parseAgencyCsv(Buffer.from(csv));
    if (!r.ok) throw new Error(r.error);
    expect(r.records[0]).toMatchObject({ name: 'PT Satu', province: 'Bali', licenceNo: 'X-100', validUntil: null });
    expect(r.sampleMarked).toBe(false);
  });

  it('rejects a row with an unclosed quote alone, and keeps counting lines after a multi-line field', () => {
    const csv = [
      HEADER,
      'PT Satu,AB-001,active,,"Jl. A 1,Bali',
      'PT Dua,AB-002,active,,"Jl. B',
      'Blok C",Bali',
      'PT Tiga,AB-003,active,,Jl. "Gang" 3,Bali',
      'PT Empat,AB-004,nope,,Jl. D,Bali',
    ].join('\n');
    const r = parseAgencyCsv(csv);
    if (!r.ok) throw new Error(r.error);
    expect(r.rejected).toEqual([
      { line: 2, reason: 'malformed quotes' },
      { line: 6, reason: expect.stringMatching(/^status:/) },
    ]);
    expect(r.records.map((a) => [a.name, a.address])).toEqual([
      ['PT Dua', 'Jl. B\nBlok C'],
      ['PT Tiga', 'Jl. "Gang" 3'],
    ]);
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'the file is empty'],
    ['only blank lines', '\n\n  \n', 'the file is empty'],
    ['binary data', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), 'not a text file (binary data)'],
    ['Latin-1 text', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0xe9, 0x0a]), 'not UTF-8 text (save the CSV as UTF-8)'],
    ['a wrong header', 'nama,no_izin\nPT A,1\n', /^wrong header: expected name,licence_no,.*missing name/],
    ['a repeated column', `${HEADER},name\n`, /repeated name/],
  ])('refuses %s with one clear line', (_label, input, message) => {
    const r = parseAgencyCsv(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(message);
      expect(r.error).not.toContain('\n');
    }
  });
});

describe('normalizeLicence', () => {
  it('ignores case, spaces and punctuation', () => {
    expect(normalizeLicence(' sip3mi 812/01-2019 ')).toBe('SIP3MI812012019');
    expect(normalizeLicence('KEP.118/Tahun 2010')).toBe('KEP118TAHUN2010');
  });
});
