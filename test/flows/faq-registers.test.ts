/**
 * Scripted conversations with the whole bot (composeBot, real Redis): each safe-migration topic
 * asked in three registers - formal, chat slang and regional (Javanese / Sundanese) - gets the
 * right answer, directly or among the (at most three) offered choices.
 */
import { describe, expect, it } from 'vitest';
import { createTranslator, loadLocales } from '../../src/i18n/create-translator.js';
import { useComposedBot } from '../helpers/composed-bot.js';

const t = createTranslator(loadLocales('locales')).t;

const CASES: [answer: string, formal: string, slang: string, regional: string][] = [
  [
    'procedure-steps',
    'Bagaimana tahapan prosedur resmi untuk bekerja di luar negeri sebagai PMI?',
    'kak gmn sih alur daftar jd tkw yg resmi, mulai dr mana',
    'piye carane dadi tki sing resmi, kudu lewat ngendi wae',
  ],
  [
    'documents-list',
    'Dokumen apa saja yang wajib disiapkan calon pekerja migran?',
    'berkas2 apa aja sih yg hrs dibawa buat daftar pmi kak',
    'dokumen opo wae sing kudu disiapke kanggo daftar tki',
  ],
  [
    'costs-placement',
    'Berapa biaya penempatan yang boleh dibebankan kepada pekerja migran?',
    'kak biaya brngkt kerja ke luar tuh hrs bayar brp sih, katanya gratis',
    'mangkat kerjo neng luar negri kudu mbayar piro to, jare gratis',
  ],
  [
    'rights-passport',
    'Apakah majikan berhak menyimpan paspor pekerja?',
    'paspor sy dipegang majikan trs, emg boleh gt?',
    'majikan oleh nyimpen paspor pekerja ora?',
  ],
  [
    'contract-contents',
    'Apa saja isi yang harus tercantum dalam perjanjian kerja?',
    'isi kontrak kerja tuh hrsnya apa aja sih kak',
    'kontrak kerja kuwi isine opo wae sing kudu ono',
  ],
  [
    'social-security-programmes',
    'Program BPJS Ketenagakerjaan apa saja yang wajib bagi pekerja migran?',
    'bpjs buat tki itu program nya apa aja sih',
    'bpjs kanggo tki kuwi program opo wae',
  ],
  [
    'scam-visa',
    'Apakah boleh bekerja di Arab Saudi menggunakan visa umrah atau ziarah?',
    'ada yg nawarin kerja pake visa ziarah, aman gk sih',
    'ditawani kerjo nganggo visa umroh, aman ora',
  ],
  [
    'destination-tw',
    'Apa yang perlu saya ketahui sebelum bekerja di Taiwan?',
    'info kerja di taiwan dong kak, aturannya gmn',
    'arep kerjo neng taiwan, aturane piye',
  ],
];

/** The destination or Indonesia-wide fact that answers the same question. */
const FACT_ANSWERS: Record<string, RegExp> = {
  'costs-placement': /tidak boleh dibebani biaya penempatan/,
  'scam-visa': /^Tidak( boleh)?\.\n.*visa umrah/,
  // Indonesia's Article 13 list (data/destinations/id.yaml) answers "which papers?" as well.
  'documents-list': /Pasal 13, sebelum berangkat calon pekerja migran wajib punya paspor/,
  'social-security-programmes':
    /wajib ikut BPJS Ketenagakerjaan: Jaminan Kecelakaan Kerja \(JKK\) dan Jaminan Kematian/,
};

const botOf = useComposedBot();

let n = 0;
async function ask(user: string, text: string) {
  return botOf().handler.handle({
    channel: 'console',
    userId: user,
    messageId: `m${++n}`,
    text,
    receivedAt: Date.now(),
  });
}

describe('safe-migration answers in three registers', () => {
  for (const [answer, ...questions] of CASES) {
    it.each(questions.map((q, i) => [['formal', 'slang', 'regional'][i], q]))(
      `${answer} (%s)`,
      async (_register, question) => {
        const key = `faq.${answer.replace(/-/g, '_')}`;
        const text = t('id', `${key}.text`).slice(0, 60);
        const user = `reg-${answer}-${_register}`;
        let result = await ask(user, question as string);
        const offered = result.replies.find((r) => r.choices?.some((c) => c.label === t('id', `${key}.title`)));
        if (!result.replies.some((r) => r.text.startsWith(text)) && offered?.choices) {
          // Middle confidence: the answer is offered among the top three; the user taps it.
          const index = offered.choices.findIndex((c) => c.label === t('id', `${key}.title`));
          result = await ask(user, String(index + 1));
        }
        const replies = result.replies.map((r) => r.text).join('\n');
        // A question that names a destination, or asks about Indonesia's own rule, may get the
        // fact itself (data/destinations) instead of the general answer: both are right.
        const fact = FACT_ANSWERS[answer];
        if (result.state?.flow === 'answers' && fact) {
          expect(replies).toMatch(fact);
          return;
        }
        expect(result.state?.flow).toBe('faq');
        expect(replies).toContain(text);
      },
    );
  }
});
