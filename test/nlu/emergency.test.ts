import { describe, expect, it } from 'vitest';
import { realNlu } from './nlu-fixture.js';

const nlu = realNlu();

// Each line: text, expected category. Written for this test (not in examples or eval sets).
const EMERGENCIES: [string, string][] = [
  ['tolong wkwk aku takut majikan mau bunuh aku sekarang', 'violence'],
  ['majikan nyekik aku barusan, leherku sakit', 'violence'],
  ['tolong saya dipukuli suami majikan dengan kayu', 'violence'],
  ['Majikan mengancam saya dengan pisau tadi malam', 'violence'],
  ['aku dikunciin di gudang dari pagi', 'violence'],
  ['sudah 3 hari tidak makan, majikan tidak kasih makanan', 'violence'],
  ['gak boleh keluar rumah sama sekali udah sebulan, hp disita', 'violence'],
  ['bos sy memperkosa sy semalam', 'sexual_abuse'],
  ['Saya dilecehkan secara seksual oleh majikan setiap malam', 'sexual_abuse'],
  ['aku dijual agen ke orang lain', 'trafficking'],
  ['Saya dipaksa bekerja di perusahaan judi online di Kamboja dan tidak boleh pulang', 'trafficking'],
  ['anak sy 15 thn diajak calo kerja ke malaysia besok', 'trafficking'],
  ['disuruh jadi scammer, klo gk mau dipukul', 'trafficking'],
  ['temen sy sesak napas dari td, majikan gak mau bawa ke dokter', 'illness_injury'],
  ['Saya muntah darah tapi tidak diizinkan ke rumah sakit', 'illness_injury'],
  ['Saya ingin mengakhiri hidup saya', 'other'],
  ['udah gak ada gunanya aku hidup', 'other'],
  ['Aku arep gantung diri', 'other'],
  ['Abdi hoyong maehan sorangan', 'other'],
  ['Aku dipeksa turu karo majikan, tulungen', 'sexual_abuse'],
  ['ibu saya di arab dikurung majikan dan tidak diberi makan', 'violence'],
  ['aku ngumpet di wc, majikan mabuk lagi nyari aku', 'violence'],
  // "ada" is no denial ("takde" -> "tidak ada" denies through "tidak" alone).
  ['ada orang mukulin aku di kamar ini sekarang, tolong', 'violence'],
  // A past harm and a harm now in one message: the "now" before the second harm counts.
  ['dulu aku pernah dipukul, sekarang dia pukul aku lagi pakai sapu, tolong', 'violence'],
  ['kami disekap di rumah agen, katanya kalau mau pulang harus bayar 10 juta, hp diambil', 'trafficking'],
  ['penculik minta tebusan 50 juta, adik saya ditahan di Kamboja', 'trafficking'],
  // Tiredness with death words stays suicidal talk unless made light; "tidur selamanya" is no nap.
  ['capek pengen mati aja, besok mau tidur selamanya', 'other'],
  ['aku capek, pengen mati aja', 'other'],
  // An offer told up to its arrival is no hypothetical.
  ['temanku ditawari kerja di Kamboja, sampai sana dikurung dan disetrum kalau tidak capai target', 'trafficking'],
  ['majikan cambuk aku pakai ikat pinggang tadi malam, sekarang dia masih marah, tolong', 'violence'],
  // A scam compound named by its town; recruiters holding people are trafficking, not violence.
  ['gw di sihanoukville, kerjaannya ternyata scam, yang nolak dipukulin, paspor ditahan bos', 'trafficking'],
  ['warga kami ditahan di penampungan sponsor di Batam, dilarang keluar dan hp disita', 'trafficking'],
  // "Drama" said of the worker is no story.
  ['majikan bilang aku cuma drama, padahal tadi aku dipukul pakai sapu, ini bukan drama, tolong', 'violence'],
  // "Not joking" keeps a harm serious.
  ['majikan bilang mau bunuh aku malam ini, bukan becanda, aku takut', 'violence'],
  ['I have the pills in front of me right now, I cannot do this anymore', 'other'],
  // Breathing stopped needs no refusal of care; a place name must not talk the model out of it.
  ['teman sekamar tidak bernapas, di asrama Kranji, tolong', 'illness_injury'],
  // A bleeding head from a fall is an injury, not violence.
  ['teman saya jatuh dari tangga proyek, kepalanya berdarah, mandor bilang jangan panggil ambulans', 'illness_injury'],
  ['adikku umur 16 mau diberangkatkan calo ke Batam minggu depan', 'trafficking'],
  ['the captain beat our cook with a pipe, we never touch land for months', 'trafficking'],
  ['the broker gave me to another employer last night, i dont know where i am', 'trafficking'],
  ['anak tetangga umurnya baru 16 tahun mau dibawa calo lewat Batam lusa', 'trafficking'],
  ['kakakku nyilet tangannya di kamar, gak mau buka pintu', 'other'],
  ['aku takut suamiku nekat, dia kirim pesan minta maaf ke anak-anak terus hpnya mati', 'other'],
  ['anak majikan tiap malam maksa masuk kamar saya, saya takut', 'sexual_abuse'],
  ['my hand got crush in the machine, blood still coming, boss say no clinic until finish shift', 'illness_injury'],
  ['mbakyuku arep didol majikane nang wong liyo bengi iki, hp-ne dijupuk, dipekso melu', 'trafficking'],
  ['warga lapor ada mobil bawa 8 gadis tanpa dokumen lewat jalur tidak resmi ke perbatasan malam ini', 'trafficking'],
  ['di penampungan kami gak dikasih makan 2 hari, mau keluar beli makan gak boleh sama pengurus', 'trafficking'],
  ['temenku kirim pesan ke grup "maaf ya semua, aku pamit", skrg hpnya mati', 'other'],
  [
    'the agent says I must go to her other client now, her driver is waiting downstairs to take me, I am scared',
    'trafficking',
  ],
  // Being told the news of a relative ("mengabari") is no news story.
  [
    'Kemarin adik mengabari bahwa ia dibawa ke Myanmar, ditempatkan di kompleks yang dijaga orang bersenjata, dan dipaksa menipu orang. Ia tidak bisa keluar.',
    'trafficking',
  ],
];

/** Not emergencies, and not necessarily understood: the bot must just not escalate them. */
const NOT_ESCALATED: string[] = [
  // A contract ends ("udh putus"): "sudah memutuskan" is a farewell only word for word.
  'kontrak sy di korea udh putus sm majikan. hrs ngajuin pindah kerja dlm brp lama?',
  'saya sudah putus dengan majikan, mau cari kerja baru',
  // Said in jest even with "tadi"; grief ("terpukul") is no blow; news and dramas are stories.
  'wkwk majikan tadi bilang mau bunuh aku kalau nasinya gosong lagi 😂 becanda dia, orangnya baik kok',
  'Adik saya meninggal di Jeddah sebulan lalu karena jatuh, jenazahnya belum dipulangkan, kami sekeluarga sangat terpukul',
  'baru nonton drama pasal pembantu kena dera majikan sampai mati, sedih gila',
  'sedih baca berita kapal tenggelam dekat Batam semalam, banyak yang mati',
  // "mati saya" across a sentence end is not "matikan saya"; "waduh mati aku" is trouble, not a threat.
  'waduh mati aku, paspor hilang waktu mudik. bikin paspor baru syaratnya apa saja ya?',
  // A sponsor who vanished is not someone vanishing from life.
  'Punten, abdi parantos mayar 10 juta ka sponsor kanggo damel di Taiwan, ayeuna sponsorna ngaleungit, abdi hoyong lapor',
  // Tiredness with death words, then a question about something else.
  'capek mau mati rasanya kerja di proyek, kalau di Malaysia gaji tukang bangunan berapa ya?',
  // Caning as a sentence is a law question; a beating with a belt stays violence (EMERGENCIES).
  'kalau overstay di brunei bisa dicambuk gak sih?',
  // Leaving the country is a rule question, not confinement.
  "My employer in Doha says I can't leave Qatar without his exit permit. Is that true?",
  'capek banget hari ini rasanya pengen mati aja, tapi gpp besok libur mau tidur seharian',
  'ada tawaran kerja di Myanmar gaji gede, katanya di sana bisa dikurung, beneran bahaya gak?',
  'barusan baca berita ada PMI dipukuli majikan di Malaysia, serem banget, alhamdulillah adikku aman',
  // A harm read in a newspaper; someone's death by suicide told as a ghost story; a beating
  // "sempat" suffered in a depot years before a question about going again.
  'I read in the Straits Times about a helper who was beaten to death by her employers. We are hiring a helper, what is the process?',
  'min percaya hantu gk? katanya di asrama lama dulu ada yg mati gantung diri trus suka nongol wkwk',
  'sy dideportasi dr Malaysia, sempet dipukul jg di depot. skrg mau berangkat lg yg resmi, masih boleh gk?',
  // Freed and at the embassy; a harm feared "like the stories"; asked out of curiosity.
  'alhamdulillah suami sy yg kemarin dikurung udh dibebasin polisi dan skrg di KBRI. makasih bnyk ya min',
  'PT Samudra Karya itu resmi gk? takut kayak cerita2 org yg disiksa gara2 lewat PT abal2',
  'kalo majikan mukul pekerja di Saudi itu hukumnya gmn ya, pekerja berhak apa? cuma penasaran',
  // "Now" after a harm dated in the past tells today's news, not the harm.
  'dulu tahun 2021 saya sering dipukul majikan. sekarang saya sudah di rumah, mau lapor biar diproses',
  // The body of someone who died: a death to report, though "sampai sekarang" waits for it.
  'kakak saya meninggal di Kuching dua minggu lalu karena jatuh dari gedung, jenazah sampai sekarang masih di rumah sakit sana, perusahaan tidak mau urus',
  // "ma'am" is the employer, not baby-talk for eating.
  "ma'am bilang kontrak baru nanti gajinya naik, apa yang harus aku cek sebelum tanda tangan?",
  'agensi minta tebusan 5 juta buat ngembaliin ijazah asli saya, mau lapor',
  'agen bilang kalau mau pulang sebelum kontrak habis harus bayar ganti rugi 20 juta, saya mau lapor',
  'temen bilang kerja di Myanmar nanti bisa disekap, bener gak sih?',
  // "semalam" dates a harm; any night is not "now".
  'gerbang asrama dikunci jam 10 malam, itu aturan biasa kan? aman kok di sini',
  // The danger model reads "mati" and "kebakaran"; the writer is laughing and fears nothing.
  'hari ini aku hampir mati ketawa liat tingkah anak majikan 😂😂',
  'besok ada simulasi kebakaran di asrama, aku disuruh jadi korban pingsan wkwkwk',
  // A harm in a drama, told with "tadi" and tears: the story's, not the writer's.
  'tadi nonton sinetron yg pembantunya dikurung dan disiksa majikan, nangis aku, judulnya apa ya',
  // The body "remuk" with tiredness, Ramadan fasting.
  'kerja tiap hari dari subuh, badan rasanya remuk, mau tanya aturan libur di Taiwan',
  'lagi puasa, belum makan dari subuh, majikan wajib kasih waktu sahur gak ya?',
  // "Die" idioms in English and Malay.
  'I could die of shame, I posted my payslip in the wrong group. how do I delete my data here?',
  'penat nak mati hari ni, cuti tahunan pekerja kilang berapa hari ya?',
  // The refusal is a claim's, two sentences after an injury long treated.
  'Tahun ini kaki saya patah waktu kerja di pabrik dan sudah dioperasi di rumah sakit. Sekarang saya sudah di rumah dan bisa jalan pelan-pelan, tetapi setelah saya mengisi semua formulir asuransi dengan lengkap klaim saya ditolak perusahaan.',
];

const NOT_EMERGENCIES: [string, string][] = [
  [
    'wkwk majikanku galak, katanya mau bunuh aku kalau ayamnya gosong 😂 btw libur tanggal merah dapat gak?',
    'faq.rights',
  ],
  ['Just asking for a research paper, not a real case: is an employer in Qatar allowed to hit a worker?', 'faq.rights'],
  ['majikan mateni lampu jam 9 bengi, oleh ora?', 'faq.rights'],
  ['aku baca berita ada PMI disiksa di Malaysia, PT Sinar Jaya Abadi itu resmi gak?', 'agency.check'],
  ['Nothing happened to me, I just want the KBRI number in case, if someone ever hurts me', 'faq.destination'],
  ['bukan darurat kok, cuma tanya syarat ke taiwan', 'faq.procedure'],
  ['dulu sy pernah dipukul majikan, skrg udh pulang, mau lapor', 'complaint.new'],
  ['Apakah majikan boleh memukul pekerja?', 'faq.rights'],
  ['saya tidak dipukul, cuma gaji belum dibayar, mau lapor', 'complaint.new'],
  ['Saya bekerja dari pukul 6 pagi sampai pukul 10 malam tanpa libur, saya ingin melapor', 'complaint.new'],
  ['kerja di kamboja aman gak sih?', 'faq.scam_signs'],
  ['majikan wajib kasih makan gak?', 'faq.rights'],
  ['umur sy 17 thn, bisa daftar gk?', 'faq.procedure'],
  ['Teman saya meninggal tahun lalu di Malaysia, jenazahnya belum dipulangkan', 'complaint.new'],
  ['mau jualan online di shopee caranya gimana', 'out_of_scope'],
  ['anakku usia 17, boleh ikut kerja ke Hong Kong kalau ortu setuju?', 'faq.procedure'],
  ['takde sape pukul pun, gaji je lambat 2 bulan', 'complaint.new'],
  // A wound named is not a wound inflicted ("dilukai"): an eligibility question.
  ['ada tatu kat lengan, boleh lagi ke daftar kerja kilang Malaysia ikut jalur G to G?', 'faq.procedure'],
];

describe('emergency detection', () => {
  it.each(EMERGENCIES)('catches: %s', (text, category) => {
    const r = nlu.classify(text);
    expect(r.intent).toBe('emergency');
    expect(r.entities.category).toBe(category);
    expect(r.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it.each(NOT_EMERGENCIES)('is not fooled by: %s', (text, intent) => {
    expect(nlu.classify(text).intent).toBe(intent);
  });

  it.each(NOT_ESCALATED)('does not escalate: %s', (text) => {
    expect(nlu.classify(text).intent).not.toBe('emergency');
  });

  it('wins over a command or another intent in the same message', () => {
    expect(nlu.classify('batal, tolong majikan lagi mukulin aku').intent).toBe('emergency');
    expect(nlu.classify('mau tanya gaji, tapi sekarang saya dikurung majikan').intent).toBe('emergency');
  });

  it('keeps past harm a complaint with its category', () => {
    const r = nlu.classify('tahun lalu sy dipukuli majikan, sekarang sudah di rumah, mau lapor');
    expect(r).toMatchObject({ intent: 'complaint.new', entities: { category: 'violence' } });
  });
});
