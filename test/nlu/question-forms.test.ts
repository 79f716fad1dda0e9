/**
 * How a destination question is asked (data/answers/topics.yaml): tag questions closing a
 * statement ("..., true?", "kan?", "betul ke?", "oleh ora to?") are yes/no questions, a report of
 * someone's claim about the rule is marked, and the words around them are read as intended.
 */
import { describe, expect, it } from 'vitest';
import { realNlu } from './nlu-fixture.js';

const entities = (text: string) => realNlu().classify(text).entities;

describe('tag questions', () => {
  it.each([
    'my cousin drives for a company in Qatar and his boss says he needs a NOC to switch jobs. true?',
    'the agency told me the levy comes out of my pay in Singapore, correct?',
    'kata majikan aku harus bantu bersihin rumah adiknya juga di singapore, itu masih kerjaan ART kan?',
    'bosku di Penang bilang cuti tahunan cuma buat pekerja lokal, betul ke?',
    'majikan ning Taiwan ngomong libur mung sasi pisan, oleh ora to?',
    'majikan di Hong Kong nyarios teu kenging libur upami kontrak anyar, leres?',
  ])('reads "%s" as a yes/no question', (text) => {
    expect(entities(text).yesno).toBe(true);
  });

  it('takes the word the question turns on from the tag, not from the claim before it', () => {
    const claim = entities('agen bilang kalo hamil kontrak otomatis putus dan sy hrs pulang. bener gk?');
    expect(claim.yesno).toBe(true);
    expect(claim.modal).toBeUndefined();
    expect(entities('majikan ning Taiwan ngomong libur mung sasi pisan, oleh ora to?').modal).toBe('allowed');
  });

  it('reads Sundanese "meunang" alone as "get", not as a yes/no question', () => {
    expect(entities('Taun ieu PRT di HK meunang sabaraha poe libur nasional?').yesno).toBeUndefined();
    expect(entities('PRT di HK meunang libur tanggal merah teu?').yesno).toBe(true);
  });

  it('counts a tag word only where it closes the sentence before a question mark', () => {
    expect(entities('true story, my employer in Hong Kong gives me a day off every Sunday').yesno).toBeUndefined();
    expect(entities('right now I am at the agency office in Taipei, which documents do I need?').yesno).toBeUndefined();
    expect(entities('gaji minimum PRT di Hong Kong brp sekarang? kan mau tanda tangan kontrak').yesno).toBeUndefined();
  });
});

describe('claims about the rule', () => {
  it('marks a report of what someone says the rule is', () => {
    expect(entities('adikku PRT di Doha, majikannya bilang PRT ga diatur hukum di sana').claim).toBe(true);
    expect(entities('agent says it is legal in Oman to hire maids at 18').claim).toBe(true);
    expect(entities('tetangga bilang UU melarang orang umur 40 ke atas kerja ke luar negeri').claim).toBe(true);
  });

  it('does not mark what someone says about anything else', () => {
    expect(entities('majikan bilang besok aku libur').claim).toBeUndefined();
    expect(entities('my employer said she will pay me on Friday').claim).toBeUndefined();
  });

  it('reads "UU" as the law and names Indonesia apart from the destination', () => {
    const e = entities('ada yg blg UU Indonesia larang umur di atas 40 kerja di luar negeri, bener?');
    expect(e.byRule).toBe(true);
    expect(e.home).toBe(true);
    expect(e.country).toBeUndefined();
  });
});

describe('asking what the law sets', () => {
  it('reads the basic minimum wage asked beside what is paid as asking the rule', () => {
    expect(entities('upah pokok minimum di taiwan brp sih? bos cuma kasih 25rb').byRule).toBe(true);
    expect(entities('what is the minimum basic salary in malaysia? my boss pays 1400').byRule).toBe(true);
  });
});

describe('words of a destination question', () => {
  it('reads English job changes, a NOC and English ages as their topics', () => {
    expect(entities('can I change jobs in Doha without a NOC?').topics).toContain('change_employer');
    expect(entities('my niece is 19, can she work as a maid in Oman?').topics).toContain('age');
  });

  it('reads the Gulf cities workers name', () => {
    expect(entities('sy kerja di Manama, boleh pindah majikan?').country).toBe('BH');
    expect(entities('PRT di Al Wakrah libur brp hari?').country).toBe('QA');
  });

  it('does not read a currency inside a word ("udh 14 bulan" is not 14 dirham)', () => {
    expect(entities('udh 14 bulan kerja di Manama, bos blm bayar').amounts).toBeUndefined();
    expect(entities('agen minta 6.000 dirham buat visa, normal?').amounts).toEqual([{ value: 6000, currency: 'AED' }]);
  });
});

describe('denied phrases in a question', () => {
  const match = (phrases: string[], text: string) => realNlu().phraseMatch?.(phrases)(text);

  it('reads "tidak ada", "takde" and regional denials before the phrase as denying it', () => {
    expect(match(['cuti sakit'], 'kata bos pekerja asing gak ada cuti sakit berbayar, bener?')?.negated).toBe(true);
    expect(match(['cuti tahunan'], 'bos kata takde cuti tahunan untuk pekerja asing, betul ke?')?.negated).toBe(true);
    expect(match(['cuti tahunan'], 'Boss nyarios TKA mah teu aya cuti tahunan, leres?')?.negated).toBe(true);
    expect(match(['tanggal merah'], 'bos ngomong wong asing ora entuk libur tanggal merah, bener ora?')?.negated).toBe(
      true,
    );
  });

  it('does not read the negator of a question tag ("boleh gak", "oleh ora") as a denial', () => {
    expect(match(['kerja .. hari libur'], 'boleh gak kerja pas hari libur di Taiwan?')?.negated).toBe(false);
    expect(match(['kerja .. hari libur'], 'oleh ora kerja neng hari libur?')?.negated).toBe(false);
    expect(match(['kerja .. hari libur'], 'majikan bilang aku gak boleh kerja pas hari libur, bener?')?.negated).toBe(
      true,
    );
  });

  it('reads "bukannya ...?" as asking to confirm, and "bukannya ... malah" as a denial', () => {
    expect(match(['lembur .. dibayar'], 'bukannya lembur harus dibayar 50%?')?.negated).toBe(false);
    expect(match(['libur .. seminggu'], 'bukankah libur seminggu sekali itu wajib?')?.negated).toBe(false);
    expect(match(['dibayar'], 'bukannya dibayar malah dipotong gaji, boleh?')?.negated).toBe(true);
    expect(match(['dibayar'], 'lembur tidak dibayar, boleh?')?.negated).toBe(true);
  });

  it('reads a prohibition as denying the phrase across its verb', () => {
    expect(match(['biaya rekrut'], 'kata agen majikan gak boleh narik biaya rekrut dr pekerja, bener?')?.negated).toBe(
      true,
    );
    expect(match(['recruitment fees'], 'they say employers may not charge recruitment fees now, true?')?.negated).toBe(
      true,
    );
    expect(match(['recruitment fees'], 'employers are not allowed to charge recruitment fees to maids?')?.negated).toBe(
      true,
    );
    expect(match(['tahan paspor'], 'katanya majikan dilarang menahan paspor, bener?')?.negated).toBe(true);
  });

  it("reads a prohibition inside a phrase's gap as denying the phrase's last word", () => {
    expect(
      match(['paspor .. ditahan'], 'katanya PRT pegang paspor sendiri, majikan gk boleh nahan. bener ya?')?.negated,
    ).toBe(true);
    expect(match(['paspor .. ditahan'], 'paspor sy kata agen dilarang ditahan, bener?')?.negated).toBe(true);
    // A plain negation inside the gap is part of a report, not a rule.
    expect(match(['paspor .. ditahan'], 'paspor sy gak dibalikin, masih ditahan majikan, boleh?')?.negated).toBe(false);
  });

  it('does not read a tag, an inability or a bare verb before the phrase as a prohibition', () => {
    expect(match(['biaya rekrut'], 'boleh gak narik biaya rekrut dr pekerja?')?.negated).toBe(false);
    expect(match(['biaya rekrut'], 'sy gak bisa bayar biaya rekrut, gimana?')?.negated).toBe(false);
    expect(match(['biaya rekrut'], 'agen narik biaya rekrut 10 juta, boleh?')?.negated).toBe(false);
  });

  it('does not read "ada" on its own as a denial', () => {
    // "takde" is normalised to "tidak ada"; only its first word denies.
    expect(match(['=mc .. potong'], 'sakit 2 hari ada MC dr klinik, gaji sy dipotong 2 hari')?.negated).toBe(false);
    expect(match(['cuti sakit'], 'di malaysia ada cuti sakit berbayar gak?')?.negated).toBe(false);
  });
});

describe('phrases across sentences', () => {
  const match = (phrases: string[], text: string) => realNlu().phraseMatch?.(phrases)(text);

  it('tells a match that joins two sentences from one inside a sentence', () => {
    const across = match(
      ['beda .. kontrak'],
      'tiap sabtu kerja di rumah ibunya, beda alamat. ini kontrak kedua sy. boleh?',
    );
    expect(across?.acrossClauses).toBe(true);
    expect(match(['beda .. kontrak'], 'kerjaan sy beda sama kontrak, boleh?')?.acrossClauses).toBe(false);
    // "Rp. 500" and "PT. Maju" are not sentence ends.
    expect(match(['bayar .. 500'], 'disuruh bayar Rp. 500 ribu')?.acrossClauses).toBe(false);
    expect(match(['bayar .. maju'], 'disuruh bayar PT. Maju 5 juta')?.acrossClauses).toBe(false);
  });

  it('still finds the phrase across sentences (it names what the question is about)', () => {
    expect(match(['lapor diri .. online'], 'belum lapor diri ke KBRI. bisa online gk?')).not.toBeNull();
  });
});

describe('money asked in months of salary', () => {
  it('reads months of salary in English and in words', () => {
    expect(entities('My agency in Singapore wants to take 4 months of my salary as agency fee').amounts).toEqual([
      { value: 4, currency: 'MONTHS' },
    ]);
    expect(entities('agen di Ajman minta komisi dua bulan gaji').amounts).toEqual([{ value: 2, currency: 'MONTHS' }]);
  });

  it("tells the employer's security bond from a fee", () => {
    expect(entities('majikan bilang uang jaminan security bond S$5.000 dipotong dari gaji aku').topics).toContain(
      'bond',
    );
  });
});

describe('bare currency words', () => {
  it("read as the named country's own money", () => {
    expect(entities('gaji suami di pabrik di Amman 230 dinar, segitu UMR?').amounts).toEqual([
      { value: 230, currency: 'JOD' },
    ]);
    expect(entities('agen di Hong Kong minta 5000 dolar, boleh?').amounts).toEqual([{ value: 5000, currency: 'HKD' }]);
    expect(entities('majikan di Doha bayar 1000 riyal').amounts).toEqual([{ value: 1000, currency: 'QAR' }]);
    expect(entities('gaji di Kuwait 60 dinar').amounts).toEqual([{ value: 60, currency: 'KWD' }]);
    // A currency named by its code stays itself: crews on Taiwanese vessels are paid in US dollars.
    expect(entities('ABK kapal tuna Taiwan gajinya USD 400 sebulan').amounts?.[0]?.currency).toBe('USD');
  });
});

describe('a destination named by its programme', () => {
  it("reads Korea's E-9 visa and its severance word as Korea", () => {
    expect(realNlu().classify('pekerja E-9 boleh pindah pabrik gk?').entities.country).toBe('KR');
    expect(realNlu().classify('toejikgeum sy blm dibayar, gmn?').entities.country).toBe('KR');
    expect(realNlu().classify('kerja 9 jam sehari, boleh?').entities.country).toBeUndefined();
  });
});

describe('an open question with a yes/no cue inside it', () => {
  it('is not a yes/no question when a question word comes just before the cue', () => {
    expect(entities('how much gratuity should I get after 3 years in dubai?').yesno).toBeUndefined();
    expect(entities('where can I report my agency in hong kong?').yesno).toBeUndefined();
    expect(entities('should I pay the agency fee myself in hong kong?').yesno).toBe(true);
    expect(entities('my employer asked me to work on sunday, is it legal in hong kong?').yesno).toBe(true);
  });
});

describe("a sum in a destination's money asked about", () => {
  it('is about pay when nothing else is named, and is the pay the employer gives', () => {
    const e = entities('pabrik di busan bayar 9.500 won sejam, sesuai aturan gk?');
    expect(e.topics).toEqual(['wage']);
    expect(e.paid).toBe(true);
    expect(entities('agensi minta HKD 10.000, boleh?').topics).not.toEqual(['wage']);
    expect(entities('bayar 25 juta ke PT, wajar?').topics).not.toContain('wage');
  });
});
