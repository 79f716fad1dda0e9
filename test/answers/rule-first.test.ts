/**
 * A question about a rule gets the rule first, through the whole bot (composeBot, real Redis):
 * also when it reads as a complaint, repeats a recruiter's claim about the legal minimum, ends in
 * a tag ("true?"), or asks what the BPJS rule actually is. A complaint answered this way is then
 * offered the complaint form, its category filled in. (A rule question that only borrowed a word
 * of danger: test/engine/safety-net.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { createTranslator, loadLocales } from '../../src/i18n/create-translator.js';
import { askerOf, useComposedBot } from '../helpers/composed-bot.js';

const t = createTranslator(loadLocales('locales')).t;

const botOf = useComposedBot();

const ask = askerOf(botOf, 'rule');

describe('rule first', () => {
  it("answers the employer's security bond with who pays it, not with an agency fee cap", async () => {
    const r = await ask(
      'aku ART baru di Singapura, majikan bilang uang jaminan security bond S$5.000 nanti dipotong dari gaji aku kalo putus kontrak. bener gitu?',
    );
    expect(r.text).toMatch(/security bond/);
    expect(r.text).not.toMatch(/SGD 550|agensi di negara tujuan/);
  }, 60_000);

  it("answers whether a recruiter's statement about the rule is true, not as an advert", async () => {
    const r = await ask(
      'agen bilang kalau ke Jepang lewat jalur tokutei ginou tidak perlu tes bahasa, bayar 25 juta langsung berangkat, bener gak?',
    );
    expect(r.state?.flow).toBe('answers');
  }, 60_000);

  it('puts no yes or no in front of a figure asked for', async () => {
    const r = await ask('berapa jam kerja maksimal pekerja pabrik di Malaysia sebulan termasuk lembur?');
    expect(r.state?.flow).toBe('answers');
    expect(r.text).not.toMatch(/^(Ya|Tidak|Tergantung)\b/);
  }, 60_000);

  it('never confirms with "Ya" a statement that denies a right the rule gives', async () => {
    const r = await ask('mandor bilang pekerja asing di Malaysia gak berhak cuti tahunan sama sekali, bener?');
    expect(r.state?.flow).toBe('answers');
    expect(r.text).not.toMatch(/^Ya\b/);
    expect(r.text).toMatch(/cuti tahunan/i);
  }, 60_000);

  it('compares the lowest wage named with the minimum, not the minimum the question quotes', async () => {
    const r = await ask('PRT di Kuwait gajinya boleh di bawah 60 dinar gak? majikan cuma mau bayar 50 KD per bulan');
    expect(r.text).toMatch(/^Tidak/);
  }, 60_000);

  it("answers from Indonesia's own rules, without asking the country, when one of them fits", async () => {
    const contract = await ask(
      'agen bilang kontrak kerja nanti saja ditandatangani kalau sudah sampai di sana, boleh gitu?',
    );
    expect(contract.state?.flow).toBe('answers');
    expect(contract.text).toMatch(/perjanjian kerja/);
    expect(contract.text).not.toMatch(t('id', 'answers.ask_country'));
    const report = await ask('kalau sudah sampai di negara tujuan perlu lapor diri ke KBRI gak?');
    expect(report.text).toMatch(/lapor diri/i);
  }, 60_000);

  it('names the Indonesian mission among the places to report to', async () => {
    const r = await ask('adikku PRT di Hong Kong gajinya 3 bulan gak dibayar, aku di Cilacap, harus lapor kemana?');
    expect(r.text).toMatch(/Labour Department|Departemen Tenaga Kerja/);
    expect(r.text).toMatch(/KJRI Hong Kong/);
    expect(r.text).toMatch(/0800-1000/);
  }, 60_000);

  it('answers a complaint that reports a claim about the law with the rule, then offers the complaint', async () => {
    const r = await ask(
      'kakakku jadi PRT di Riyadh, tiap hari kerja dari subuh sampai jam 1 malam, majikan bilang di saudi PRT gak ada aturan jam kerja',
    );
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/Saudi/);
    expect(r.text).toMatch(/10 jam/);
    const choices = r.replies.at(-1)?.choices?.map((c) => c.label) ?? [];
    expect(choices).toContain(t('id', 'answers.choice.report_problem'));
  }, 60_000);

  it('answers a statement closed by "true?" instead of opening a complaint', async () => {
    const r = await ask(
      'my cousin drives for a company in Qatar and his boss says he needs a NOC to switch jobs. true?',
    );
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/no-objection|NOC/i);
  }, 60_000);

  it("gives the legal minimum, not the advert check, when a recruiter's claim names it", async () => {
    const r = await ask(
      'sponsor di kampung bilang gaji minimum PRT di Taiwan cuma NT$15.000 sebulan, udah dapet makan jd wajar aja. bener ga?',
    );
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/NT\$\s?20\.000/);
  }, 60_000);

  it('answers what the BPJS rule actually is instead of offering a pick list', async () => {
    const r = await ask('sponsor bilang BPJS Ketenagakerjaan gak wajib buat PMI, sebenernya aturannya gimana?');
    // Indonesia's own rule (data/destinations/id.yaml) or the curated answer: either says it is mandatory.
    expect(['faq', 'answers']).toContain(r.state?.flow);
    expect(r.state?.node).not.toBe('pick');
    expect(r.text).toMatch(/BPJS Ketenagakerjaan/);
    expect(r.text).toMatch(/wajib/i);
  }, 60_000);

  it('still escalates a minor being sent abroad at once', async () => {
    const r = await ask(
      'anakku baru 16 tahun mau diberangkatkan calo jadi PRT ke Malaysia besok pagi, umurnya dituakan. boleh?',
    );
    expect(r.state?.escalation?.urgent).toBe(true);
  }, 60_000);
});

describe('rule after the emergency lines', () => {
  it('answers the question an emergency also asks, after the numbers and the handover', async () => {
    const r = await ask(
      'adikku umur 17 thn mau kerja ke luar negri, sponsor bilang umurnya bisa dituain di KTP. aman kan?',
    );
    expect(r.text).toContain(t('id', 'emergency.intro').split('\n')[0] as string);
    expect(r.text).toMatch(/0800-1000/);
    const intro = r.text.indexOf('0800-1000');
    const rule = r.text.search(/minimal berumur 18 tahun/);
    expect(rule).toBeGreaterThan(intro);
    expect(r.replies[0]?.text).toContain('0800-1000');
  }, 60_000);

  it('adds nothing to an emergency that asks nothing', async () => {
    const r = await ask('tolong saya dipukul majikan di hongkong');
    expect(r.text).not.toMatch(/Ya\.|Tidak\.|Tergantung\./);
    expect(r.text).not.toMatch(/Undang-Undang/);
  }, 60_000);
});

describe("Indonesia's own rules without a destination", () => {
  it('answers "which papers?" with the Article 13 list, filed under another topic', async () => {
    const r = await ask('dokumen apa aja sih buat daftar jadi PMI resmi? calo bilang cukup KTP sama paspor aja');
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/Pasal 13/);
    expect(r.text).toMatch(/izin suami\/istri atau orang tua/);
  }, 60_000);

  it('checks a monthly "uang jasa" against the broker cap', async () => {
    const r = await ask('agensi taiwan narik uang jasa NT$2.500 tiap bulan di taun pertama, bener gk?');
    expect(r.text).toMatch(/NT\$1\.800/);
    expect(r.text).toMatch(/^Tidak/);
  }, 60_000);
});

describe('questions inside complaints', () => {
  it('gives where to report first for "nak report mana" (Malay), then offers the complaint', async () => {
    const r = await ask('gaji saya tak bayar dah 2 bulan kat Dubai, nak report mana ye?');
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/MOHRE/);
  }, 60_000);

  it('compares a wage someone quoted ("bener segitu?") with the minimum', async () => {
    const r = await ask('mau jd caregiver di Taichung, agen bilang gaji minimal cuma 17.000 NT. bener segitu kak?');
    expect(r.text).toMatch(/^Tidak/);
    expect(r.text).toMatch(/NT\$20\.000/);
  }, 60_000);
});

describe('the rule before where to report', () => {
  it('says whether the employer may keep the passport, then where to complain', async () => {
    const r = await ask('my madam in kuwait city keeps my passport. is it allowed? where can i complain?');
    const rule = r.text.search(/passport/i);
    const where = r.text.search(/Where to complain/i);
    expect(rule).toBeGreaterThanOrEqual(0);
    expect(where).toBeGreaterThan(rule);
  }, 60_000);
});

describe('a rule of the named country without a topic word', () => {
  it("answers from the country's rule whose yes/no phrase the question uses", async () => {
    const r = await ask(
      'my employer in Tsuen Wan ask me also work in his restaurant every afternoon. is it allowed for helper?',
    );
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/^No/);
  }, 60_000);
});

describe('more ways of asking', () => {
  it('reads Malay "kerja sambilan" at a friend of the employer as working for someone else', async () => {
    const r = await ask(
      'majikan saya kat Bedok suruh saya cuci rumah kawan dia hujung minggu. Boleh ke buat kerja sambilan macam tu?',
    );
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/untuk orang lain tanpa izin itu melanggar hukum/);
  }, 60_000);

  it('gives the BPJS contribution when asked how much, with a destination named', async () => {
    const r = await ask('aku mau ke taiwan, iuran BPJS Ketenagakerjaan yg wajib buat PMI brp sih?');
    expect(r.text).toMatch(/Rp370\.000/);
  }, 60_000);

  it('asks for the toll-free number in English: the number, not the complaint form', async () => {
    const r = await ask("What's the toll-free number in Indonesia to report a migrant worker case?");
    expect(r.text).toMatch(/0800-1000/);
    expect(r.state?.flow).not.toBe('complaint');
  }, 60_000);
});

describe("Indonesia's own institutions", () => {
  it('answers a BPJS charge without a destination from Indonesia\'s rule, not "which country?"', async () => {
    const r = await ask('agen minta transfer 2 jt katanya buat BPJS TK PMI kontrak 2 thn. resminya brp sih?');
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/Rp370\.000/);
  }, 60_000);
});

describe("someone's figure beside a figure asked", () => {
  it('gives the death benefit without a "Ya" that would confirm the figure someone said', async () => {
    const r = await ask(
      'Punten, salaki abdi PMI di Malaysia, maot bulan kamari. Anjeunna kadaptar BPJS Ketenagakerjaan PMI. Ahli waris kenging santunan sabaraha? Aya nu nyarios ngan 10 juta.',
    );
    expect(r.text).toMatch(/Rp85 juta/);
    expect(r.text).not.toMatch(/^Ya\b/);
  }, 60_000);
});

describe('a rule named beside an amount', () => {
  it('answers a fee the rules ban outright with the ban, not with "within the cap"', async () => {
    const r = await ask('broker Taiwan minta NT$10.000 uang pindah majikan pas kontrak habis, masih wajar?');
    expect(r.text).not.toMatch(/^Ya\b/);
    expect(r.text).not.toMatch(/dalam batas/);
    expect(r.text).toMatch(/1955/);
  }, 60_000);

  it('works out the pay for a worked rest day from the wage named, not a minimum-wage check', async () => {
    const r = await ask('gaji aku S$600 sebulan di Singapura, off day disuruh kerja, dibayar berapa minimal?');
    expect(r.text).toMatch(/26/);
    expect(r.text).toMatch(/23,08/);
    expect(r.text).not.toMatch(/di bawah gaji minimum/);
  }, 60_000);

  it('takes "is she entitled ...?" as a question on the rule, not a complaint', async () => {
    const r = await ask(
      'My aunt worked 6 years for the same family in Hong Kong and the contract was not renewed. Is she entitled to long service payment?',
    );
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/long service/i);
  }, 60_000);
});

describe("Indonesia's customs and the BPJS charge beside a fee", () => {
  it("answers goods sent home from any destination with Indonesia's customs allowance", async () => {
    const r = await ask(
      'aku di Singapura mau kirim kardus isi baju ke kampung, kena pajak gak? katanya PMI bebas semua',
    );
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/USD 500/);
  }, 60_000);

  it('gives the phone allowance for phones brought home', async () => {
    const r = await ask('pulang dari Korea bawa 3 hp baru buat keluarga, kena bea masuk ga?');
    expect(r.text).toMatch(/2 unit/);
  }, 60_000);

  it('gives the BPJS contribution beside the fee check when the charge was said to be for BPJS', async () => {
    const r = await ask('sponsor minta 3 juta buat iuran BPJS sebelum berangkat ke Taiwan, emang segitu?');
    expect(r.text).toMatch(/Rp370\.000/);
  }, 60_000);
});

describe('the truth of a negative claim asked before it', () => {
  it('confirms a true claim when its denial sits on the phrase of the rule, never a bare "Tidak"', async () => {
    const r = await ask(
      'kalau resign tanpa persetujuan majikan di makau, bener gak ga bisa kerja lagi di makau 6 bulan?',
    );
    expect(r.state?.flow).toBe('answers');
    expect(r.text).toMatch(/^Ya\b/);
  }, 60_000);
});

describe('what is not required', () => {
  it('offers no report for a "Tidak wajib"', async () => {
    const r = await ask('PMI harus ikut JHT BPJS juga gak? wajib kah?');
    expect(r.text).toMatch(/^Tidak wajib/);
    expect(r.text).not.toMatch(/laporkan|adukan/i);
  }, 60_000);
});

describe('a denial reported, then "wajib?" asked', () => {
  it('answers whether the denied thing is required, not turned round', async () => {
    const r = await ask('majikan di hongkong gak pernah kasih libur mingguan, emang wajib ya?');
    expect(r.text).toMatch(/^Ya/);
    expect(r.text).not.toMatch(/^Tidak wajib/);
  }, 60_000);

  it("gives Indonesia's rule first when the question names its institution beside a destination", async () => {
    const r = await ask(
      'dulu jari sy luka kena mesin waktu kerja di taiwan thn lalu, skrg udh pulang. klaim jkk bpjs masih bisa? batasnya brp lama',
    );
    const [first] = r.text.split('\n').filter((l) => !/^(Ya|Tidak|Tergantung)\b/.test(l));
    expect(first).toMatch(/BPJS|JKK|kecelakaan kerja/i);
    expect(first).not.toMatch(/Taiwan/);
  }, 60_000);
});

describe('a verdict on what someone said', () => {
  it('reads the precise phrase inside a looser one: the worker paying her own doctor is "no"', async () => {
    const r = await ask(
      'my employer in singapore told me to pay for my own doctor visits, she cuts it from my pay. ok?',
    );
    expect(r.text).toMatch(/^No\b/);
    expect(r.text).not.toMatch(/^Yes/);
  }, 60_000);

  it('confirms a prohibition someone reports when the rule says no', async () => {
    const r = await ask('kata tetangga di riyadh majikan gk boleh narik biaya iqama dari PRT, bener gak?');
    expect(r.text).toMatch(/^Ya\b/);
    const q = await ask('majikan di riyadh boleh gk narik biaya iqama dari PRT?');
    expect(q.text).toMatch(/^Tidak\b/);
  }, 60_000);
});

describe('a charge in rupiah asked as fair or not', () => {
  it('gets the fee check for the destination and job, without a word for fees', async () => {
    const r = await ask('PT minta 20 juta buat berangkat ke singapura jd ART, itu wajar ngga?');
    expect(r.text).toMatch(/^Tidak wajar/);
    expect(r.text).toMatch(/20\.000\.000/);
  }, 60_000);
});

describe('pay against a minimum that differs by region', () => {
  it('says "depends" above the lowest rate, and "no" below it', async () => {
    const above = await ask('sy kerja di pabrik osaka dibayar 1.050 yen per jam, udh sesuai upah minimum blm?');
    expect(above.text).toMatch(/^Tergantung/);
    expect(above.text).not.toMatch(/tidak di bawah/);
    const below = await ask('sy kerja di pabrik osaka dibayar 900 yen per jam, udh sesuai upah minimum blm?');
    expect(below.text).toMatch(/^Tidak/);
  }, 60_000);
});
