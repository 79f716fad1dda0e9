import { describe, expect, it } from 'vitest';
import { type FaqAnswer, loadFaqContent } from '../../src/content/faq-content.js';
import { createFaqSearch, FAQ_BANDS } from '../../src/nlu/faq-search.js';
import type { Nlu } from '../../src/nlu/nlu-types.js';
import { realNlu } from './nlu-fixture.js';

const nlu = realNlu();
const { answers } = loadFaqContent({ contentDir: 'flows/content', localesDir: 'locales' });
const out = (s: string) => process.stdout.write(`${s}\n`);

/**
 * Leave-one-out by folds: fold k removes the k-th question of every answer (that has more
 * than one) from the index, then asks it. Every question is asked once, never seeing itself.
 */
function leaveOneOut(list: readonly FaqAnswer[]) {
  const maxQ = Math.max(...list.map((a) => a.questions.length));
  const rows: { top1: boolean; top3: boolean; band: string }[] = [];
  for (let fold = 0; fold < maxQ; fold++) {
    const held = list.map((a) => ({
      ...a,
      questions: a.questions.length > 1 ? a.questions.filter((_, i) => i !== fold) : a.questions,
    }));
    const search = createFaqSearch(held, nlu);
    for (const a of list) {
      const q = a.questions[fold];
      if (q === undefined || a.questions.length === 1) continue;
      const r = search.search(q);
      rows.push({ top1: r.results[0]?.id === a.id, top3: r.results.some((x) => x.id === a.id), band: r.band });
    }
  }
  return rows;
}

describe('FAQ search over the real content', () => {
  it('finds held-out questions: top-1 >= 70%, top-3 >= 88%, and "high" is mostly right', () => {
    const rows = leaveOneOut(answers);
    const rate = (f: (r: (typeof rows)[number]) => boolean, of = rows) => of.filter(f).length / Math.max(1, of.length);
    const high = rows.filter((r) => r.band === 'high');
    out(
      `FAQ leave-one-out: n=${rows.length} top1=${rate((r) => r.top1).toFixed(3)} top3=${rate((r) => r.top3).toFixed(3)} ` +
        `high=${high.length} (top1 ${rate((r) => r.top1, high).toFixed(3)}) ` +
        `middle=${rows.filter((r) => r.band === 'middle').length} low=${rows.filter((r) => r.band === 'low').length}`,
    );
    expect(rows.length).toBeGreaterThan(100);
    expect(rate((r) => r.top1)).toBeGreaterThanOrEqual(0.7);
    expect(rate((r) => r.top3)).toBeGreaterThanOrEqual(0.88);
    expect(rate((r) => r.top1, high)).toBeGreaterThanOrEqual(0.88);
    expect(rate((r) => r.band === 'low')).toBeLessThanOrEqual(0.05);
  });

  // Our own paraphrases in three registers, with the answer a person would want.
  const PARAPHRASES: [string, string][] = [
    ['gmn caranya jd tkw yg resmi dr awal', 'procedure-steps'],
    ['Bagaimana tahapan resmi menjadi pekerja migran dari awal sampai berangkat?', 'procedure-steps'],
    ['syarat umur minimal buat kerja ke luar negeri', 'procedure-eligibility'],
    ['siapa yg bayar biaya penempatan, aku ato majikan?', 'costs-placement'],
    ['nomor telpon 1955 taiwan buat apa', 'destination-tw'],
    ['bpjs buat pmi programnya apa aja', 'social-security-programmes'],
    ['Kamboja kerja online gaji gede, aman ora?', 'scam-online-jobs'],
  ];
  it('answers our own paraphrases in the top 3', () => {
    const search = createFaqSearch(answers, nlu);
    const known = new Set(answers.map((a) => a.id));
    let top1 = 0;
    for (const [q, id] of PARAPHRASES.filter(([, id]) => known.has(id))) {
      const r = search.search(q);
      if (r.results[0]?.id === id) top1++;
      expect({ q, top3: r.results.map((x) => x.id) }).toEqual({ q, top3: expect.arrayContaining([id]) });
    }
    out(`FAQ paraphrases: top1 ${top1}/${PARAPHRASES.length}`);
  });

  it('says "low" for messages no answer covers, and for empty ones', () => {
    const search = createFaqSearch(answers, nlu);
    for (const q of ['resep rendang enak gimana', 'skor bola semalam berapa', '🙏🙏', '']) {
      expect({ q, band: search.search(q).band }).toEqual({ q, band: 'low' });
    }
  });

  it('keeps to a topic when asked and limits results to three', () => {
    const search = createFaqSearch(answers, nlu);
    const r = search.search('berapa biaya dan siapa yang bayar tiket', { topic: 'faq.costs' });
    expect(r.results.length).toBeGreaterThan(0);
    expect(r.results.length).toBeLessThanOrEqual(3);
    const topics = new Map(answers.map((a) => [a.id, a.topic]));
    for (const x of r.results) expect(topics.get(x.id)).toBe('faq.costs');
  });
});

describe('FAQ search bands on small fixtures', () => {
  const fixture = [
    {
      id: 'a-passport',
      topic: 'faq.documents',
      questions: ['cara membuat paspor', 'bikin paspor dimana'],
      keywords: ['paspor', 'imigrasi'],
      idTitle: 'Membuat paspor',
      idText: 'Paspor dibuat di kantor imigrasi.',
    },
    {
      id: 'b-bpjs',
      topic: 'faq.social_security',
      questions: ['iuran bpjs berapa'],
      keywords: ['bpjs', 'iuran'],
      idTitle: 'Iuran BPJS',
      idText: 'Iuran dibayar sekali.',
    },
  ];
  it('answers a close paraphrase directly (high)', () => {
    const r = createFaqSearch(fixture, nlu).search('gmn cara bikin paspor di kantor imigrasi');
    expect(r.band).toBe('high');
    expect(r.results[0]?.id).toBe('a-passport');
    expect(r.results[0]?.score).toBeGreaterThanOrEqual(FAQ_BANDS.high);
  });

  it('works with an Nlu without stems (plain normalisation)', () => {
    const plain: Nlu = { classify: nlu.classify, normalize: nlu.normalize, matchCountry: nlu.matchCountry };
    const r = createFaqSearch(fixture, plain).search('iuran bpjs berapa ya');
    expect(r.results[0]?.id).toBe('b-bpjs');
  });
});
