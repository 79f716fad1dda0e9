import { describe, expect, it } from 'vitest';
import { CONFIDENCE } from '../../src/nlu/create-nlu.js';
import { realNlu } from './nlu-fixture.js';

const nlu = realNlu();
const intentOf = (t: string) => nlu.classify(t).intent;

// Three registers per intent: formal, chat, regional. None of these sentences is in the
// examples or the evaluation files.
const CASES: Record<string, string[]> = {
  greeting: ['Selamat siang, Ibu.', 'halooo kak met pagi', 'Sugeng sonten mbak'],
  menu: ['Layanan apa saja yang tersedia di nomor ini?', 'min bot ini bisa bantu apa aja?', 'Iki nggo opo wae to?'],
  'faq.procedure': [
    'Berapa batas usia untuk mendaftar menjadi pekerja migran?',
    'lulusan smp bisa daftar jd pmi gk kak?',
    'Kulo pengin daftar kerja teng luar negeri, carane pripun?',
  ],
  'faq.documents': [
    'Dokumen apa saja yang perlu saya siapkan untuk membuat paspor kerja?',
    'skck wajib gk sih buat daftar ke taiwan',
    'Surat izin ortu kudu ditekeni neng kelurahan po?',
  ],
  'faq.costs': [
    'Siapa yang menanggung biaya tiket keberangkatan ke Korea?',
    'ke hk skrg bayar brp sih kak? katanya gratis',
    'Biayane mangkat neng Taiwan piro, sing mbayar sopo?',
  ],
  'faq.rights': [
    'Apakah pekerja rumah tangga berhak atas libur mingguan?',
    'boleh gk majikan nyimpen paspor kita?',
    'Opo aku nduwe hak prei saben minggu?',
  ],
  'faq.contract': [
    'Bagaimana cara memperpanjang kontrak dengan majikan yang sama?',
    'mau putus kontrak sblm 2 thn, kena denda gk',
    'Kontrakku entek sasi ngarep, iso diperpanjang ora?',
  ],
  'faq.social_security': [
    'Berapa iuran BPJS Ketenagakerjaan untuk pekerja migran?',
    'jht bpjs bisa dicairin kpn kak',
    'BPJS iku nanggung yen kecelakaan neng pabrik ora?',
  ],
  'faq.scam_signs': [
    'Apakah aman bekerja di Kamboja sebagai admin online dengan gaji besar?',
    'ada yg nawarin brgkt pake visa turis dulu, aman gk',
    'Ana calo njaluk duit ben cepet mangkat, iku bener ora?',
  ],
  'faq.destination': [
    'Berapa gaji pekerja pabrik di Taiwan saat ini?',
    'nomor kjri hongkong brp min',
    'Gaji neng Korea saiki piro mas?',
  ],
  'agency.check': [
    'Apakah PT Gunung Biru Sentosa terdaftar sebagai P3MI?',
    'pt mawar sejati abadi resmi gk kak?',
    'PT Kali Bening kuwi resmi ora mas?',
  ],
  'complaint.new': [
    'Saya ingin melaporkan majikan yang tidak membayar gaji saya selama empat bulan.',
    'paspor sy ditahan agency, mau lapor',
    'Gajiku ora dibayar wis telung sasi, aku arep lapor',
  ],
  'complaint.status': [
    'Bagaimana status pengaduan saya dengan kode ADU-7K3Q9X2M?',
    'laporan sy kmrn udh diproses blm kak',
    'Laporanku wingi wis ditindaklanjuti durung?',
  ],
  'handover.request': [
    'Saya ingin berbicara langsung dengan petugas.',
    'mau ngomong sama orang aja, bukan bot',
    'Aku pengin ngomong karo petugas langsung',
  ],
  'language.change': ['Please answer in English.', 'ganti bahasa inggris dong', 'Iso nganggo boso Indonesia wae?'],
  'privacy.delete': ['Mohon hapus data pribadi saya.', 'hapus chat sy ya kak', 'Data abdi hapus wae'],
  cancel: ['Saya ingin membatalkan proses ini.', 'gak jadi deh kak', 'Ora sido wae'],
  thanks: ['Terima kasih atas informasinya.', 'makasih bnyk min', 'Matur suwun mas'],
  out_of_scope: ['Siapa yang menang pertandingan bola semalam?', 'resep nasi goreng gmn kak', 'Neng Solo udan ora?'],
};

describe('classify: each intent in three registers', () => {
  for (const [intent, texts] of Object.entries(CASES)) {
    it(intent, () => {
      for (const t of texts) expect({ t, got: intentOf(t) }).toEqual({ t, got: intent });
    });
  }
});

describe('classify: global short commands', () => {
  it.each([
    ['batal', 'cancel'],
    ['stop', 'cancel'],
    ['menu', 'menu'],
    ['/menu', 'menu'],
    ['/start', 'greeting'],
    ['/bahasa', 'language.change'],
    ['english please', 'language.change'],
    ['ganti bahasa', 'language.change'],
    ['mau ngomong sama orang', 'handover.request'],
    ['admin', 'handover.request'],
    ['/hapus', 'privacy.delete'],
    ['hapus data saya', 'privacy.delete'],
  ])('%s -> %s', (text, intent) => {
    const r = nlu.classify(text);
    expect(r.intent).toBe(intent);
    expect(r.confidence).toBeGreaterThanOrEqual(CONFIDENCE.act);
  });

  it('does not read a bare yes/no answer as a command', () => {
    for (const t of ['ya', 'tidak', 'iya kak', '3']) {
      const r = nlu.classify(t);
      expect(['cancel', 'menu', 'handover.request', 'language.change', 'emergency']).not.toContain(
        r.confidence >= CONFIDENCE.act ? r.intent : null,
      );
    }
  });
});

describe('classify: result shape', () => {
  it('gives the top 3 with scores and a confidence in 0..1', () => {
    const r = nlu.classify('gaji saya belum dibayar tiga bulan');
    expect(r.ranked).toHaveLength(3);
    expect(r.ranked[0]?.intent).toBe(r.intent);
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
    expect(r.normalized).toBe('gaji saya belum dibayar tiga bulan');
  });

  it('returns no intent for empty or emoji-only messages', () => {
    for (const t of ['', '🙏🙏', '   ']) {
      expect(nlu.classify(t)).toMatchObject({ intent: null, confidence: 0, ranked: [] });
    }
  });
});

describe('entities', () => {
  it('finds and normalises a complaint code', () => {
    expect(nlu.classify('status adu-7k3q9x2m gmn?').entities.ticket).toBe('ADU-7K3Q9X2M');
    expect(nlu.classify('kode ADU 9H2WQ5LZ').entities.ticket).toBe('ADU-9H2WQ51Z');
    expect(nlu.classify('kode ADU-12345').entities.ticket).toBeUndefined();
  });

  it('names the country of the message, never Indonesia', () => {
    expect(nlu.classify('gaji di taiwan brp').entities.country).toBe('TW');
    expect(nlu.classify('majikan di jeddah tidak bayar gaji').entities.country).toBe('SA');
    expect(nlu.classify('mau pulang ke indonesia').entities.country).toBeUndefined();
  });

  it('gives the category of a complaint and of an emergency', () => {
    expect(nlu.classify('paspor saya ditahan majikan, saya mau lapor').entities.category).toBe('document_withheld');
    expect(nlu.classify('gaji sy 5 bln gk dibayar, mau ngadu').entities.category).toBe('unpaid_wages');
    expect(nlu.classify('tolong majikan lagi mukulin saya').entities.category).toBe('violence');
    expect(nlu.classify('faq').entities.category).toBeUndefined();
  });

  it('marks suicidal talk', () => {
    const r = nlu.classify('aku pengen bunuh diri aja kak');
    expect(r.intent).toBe('emergency');
    expect(r.entities).toMatchObject({ suicide: true, category: 'other' });
    expect(nlu.classify('majikan memukul saya').entities.suicide).toBeUndefined();
  });

  it('gives the language asked for', () => {
    expect(nlu.classify('english please').entities.language).toBe('en');
    expect(nlu.classify('pake bahasa indonesia aja').entities.language).toBe('id');
    expect(nlu.classify('tadi kepencet english, ganti ke bahasa indonesia').entities.language).toBe('id');
    expect(nlu.classify('bisa pakai bahasa jawa?').entities.language).toBeUndefined();
  });

  it('reads the language a message is written in, also a short question of nouns', () => {
    expect(nlu.classify('Qatar outdoor work ban summer hours?').language).toBe('en');
    expect(nlu.classify('my employer keeps my passport, is it allowed?').language).toBe('en');
    expect(nlu.classify('majikan aku day off cuma sebulan sekali, boleh gk?').language).not.toBe('en');
  });
});

describe('matchCountry', () => {
  it.each([
    ['hongkong', 'HK'],
    ['Hong Kong', 'HK'],
    ['hk', 'HK'],
    ['taiwan', 'TW'],
    ['tw', 'TW'],
    ['malay', 'MY'],
    ['msia', 'MY'],
    ['saudi', 'SA'],
    ['arab', 'SA'],
    ['KSA', 'SA'],
    ['korsel', 'KR'],
    ['Korea Selatan', 'KR'],
    ['jepang', 'JP'],
    ['singapur', 'SG'],
    ['dubai', 'AE'],
    ['brunei', 'BN'],
    ['kerja di qatar', 'QA'],
    ['taiwn', 'TW'],
    ['singapure', 'SG'],
  ])('%s -> %s', (text, iso) => {
    expect(nlu.matchCountry(text)).toBe(iso);
  });

  it('returns null when no country is named', () => {
    expect(nlu.matchCountry('besok saja')).toBeNull();
    // An ordinary word is no typo of a place: "bukan" is not Busan, "makan" not Makau, "jalan" not Japan.
    expect(nlu.matchCountry('bukan')).toBeNull();
    expect(nlu.matchCountry('makan')).toBeNull();
    expect(nlu.matchCountry('jalan')).toBeNull();
    expect(nlu.matchCountry('hongkog')).toBe('HK');
    expect(nlu.matchCountry('')).toBeNull();
    expect(nlu.matchCountry('bahasa inggris')).toBeNull();
  });
});
