/**
 * The data the understanding is built from: intent files (flows/intents/*.yaml) and the
 * lexicon (data/lexicon/). Zod schemas for the files live here; the file I/O is in
 * load-nlu-model.ts, the use in create-nlu.ts.
 */
import { z } from 'zod';
import { COMPLAINT_CATEGORIES } from '../core/vocabulary.js';

export const INTENTS = [
  'greeting',
  'menu',
  'faq.procedure',
  'faq.documents',
  'faq.costs',
  'faq.rights',
  'faq.contract',
  'faq.social_security',
  'faq.scam_signs',
  'faq.destination',
  'agency.check',
  'complaint.new',
  'complaint.status',
  'handover.request',
  'emergency',
  'language.change',
  'privacy.delete',
  'cancel',
  'thanks',
  'out_of_scope',
] as const;
export type Intent = (typeof INTENTS)[number];

/** Intents the engine checks on every message, also in the middle of a form. */

/** Complaint categories: one list for the complaint flow and the understanding. */
export const CATEGORIES = COMPLAINT_CATEGORIES;
export type Category = (typeof CATEGORIES)[number];

const phrase = z.string().trim().min(1, 'empty phrase');
/** phrase -> weight; a negative weight is a negative cue. */
const cueMap = z.record(phrase, z.number().min(-10).max(10));

const exampleSchema = z.union([phrase, z.strictObject({ text: phrase, category: z.enum(CATEGORIES) })]);

export const intentSpecSchema = z.strictObject({
  id: z.enum(INTENTS),
  notes: z.string().optional(),
  /** Whole messages (after normalisation) that select this intent at once: "batal", "/menu". */
  commands: z.array(phrase).default([]),
  cues: cueMap.default({}),
  examples: z.array(exampleSchema).min(1, 'an intent needs at least one example'),
});
export type IntentSpec = z.infer<typeof intentSpecSchema>;

export const categorySpecSchema = z.strictObject({
  id: z.enum(CATEGORIES),
  notes: z.string().optional(),
  cues: cueMap,
});
export type CategorySpec = z.infer<typeof categorySpecSchema>;

export const hazardSchema = z.strictObject({
  id: z.string().min(1),
  category: z.enum(CATEGORIES),
  phrases: z.array(phrase).min(1),
  /** A negation just before the phrase cancels it ("tidak dipukul"). Off for phrases that carry their own negation. */
  negatable: z.boolean().default(true),
  /** Counts only with a sign that it is happening now or the person is still held (e.g. a phone taken). */
  needsPresent: z.boolean().default(false),
  /** Counts only when one of these phrases also occurs (care refused AND an urgent symptom). */
  with: z.array(phrase).default([]),
  /**
   * Does not count when one of these phrases occurs ("umur 17, boleh daftar ke Taiwan?" asks
   * about eligibility; forged ages and recruiters taking a child are separate hazards).
   */
  unless: z.array(phrase).default([]),
  /** Signs of suicide (a farewell with "titip anakku"): the bot also shows mental-health lines. */
  suicide: z.boolean().default(false),
});
export type Hazard = z.infer<typeof hazardSchema>;

export const emergencyRulesSchema = z.strictObject({
  hazards: z.array(hazardSchema).min(1),
  suicide: z.array(phrase).min(1),
  negators: z.array(phrase).min(1),
  /** Words that may stand between a negation and what it negates ("tidak ada yang pukul"). */
  negationBridge: z.array(phrase).default([]),
  /** The harm is over: past ("dulu", "tahun lalu") ... */
  past: z.array(phrase),
  /** ... unless it is still going on ("sekarang", "barusan", "setiap hari"). */
  present: z.array(phrase),
  /** The person is out of danger now ("sudah pulang", "di shelter"): a report, not an emergency. */
  safe: z.array(phrase),
  /** "bukan darurat": the person says it is not urgent; only urgency words are then ignored. */
  denial: z.array(phrase),
  /** A question about rules rather than a report ("apakah majikan boleh ..."). */
  generalQuestion: z.array(phrase),
  /** "kalau misalnya", "what if", "jaga-jaga": a situation imagined, not happening. */
  hypothetical: z.array(phrase).default([]),
  /**
   * A story on screen or in print ("nonton drakor", "that movie"): the harm is in the story,
   * even told with "tadi" or "every day" (which date the watching, not the harm).
   */
  fiction: z.array(phrase).default([]),
  /** A death already happened ("katanya bunuh diri", "jenazahnya"): suicide words then report it. */
  reportedDeath: z.array(phrase).default([]),
  /** Said in jest ("becanda dia", "joking lah"): see the detector. */
  joke: z.array(phrase).default([]),
  /** A job offer asked about: a hypothetical, unless an `offerRealised` phrase tells it has happened. */
  offer: z.array(phrase).default([]),
  offerRealised: z.array(phrase).default([]),
  /**
   * Death words said of tiredness ("capek mau mati rasanya"): not suicidal talk when they follow
   * a `tired` word closely and a `light` phrase makes them light (a laugh is read separately).
   */
  tiredIdiom: z
    .object({ tired: z.array(phrase).default([]), light: z.array(phrase).default([]) })
    .default({ tired: [], light: [] }),
  /**
   * The body of someone who died ("jenazah", "dimakamkan"): a death surely over, even told with
   * "sampai sekarang" (which dates the waiting for the body, not a danger).
   */
  remains: z.array(phrase).default([]),
  /** Words of fear or distress; the dialogue checks on the person instead of "not an option". */
  distress: z.array(phrase).default([]),
  /** Emoji of fear or distress, matched on the raw text (the tokeniser drops emoji). */
  distressEmoji: z.array(z.string().min(1)).default([]),
  /** The writer speaks about someone else: a relative (family) or a friend, neighbour, volunteer (other). */
  reporters: z.strictObject({ family: z.array(phrase), other: z.array(phrase) }).default({ family: [], other: [] }),
});
export type EmergencyRules = z.infer<typeof emergencyRulesSchema>;

export const intentFileSchema = z.strictObject({
  family: z.string().min(1),
  intents: z.array(intentSpecSchema).default([]),
  categories: z.array(categorySpecSchema).default([]),
  emergency: emergencyRulesSchema.optional(),
});
export type IntentFile = z.infer<typeof intentFileSchema>;

export const overlaySchema = z.strictObject({
  particles: z.array(z.string()).default([]),
  slangExclude: z.array(z.string()),
  slang: z.record(z.string(), z.string()),
  regional: z.record(z.string(), z.string()),
  phrases: z.record(z.string(), z.string()),
});

export const countriesSchema = z.record(
  z.string().regex(/^[A-Z]{2}$/, 'keys are ISO 3166 alpha-2 codes'),
  z.array(z.string().min(1)).min(1),
);

export interface LexiconData {
  /** chat word -> standard Indonesian (overlay merged over the curated MIT list). */
  slang: Record<string, string>;
  /** Javanese/Sundanese/Malay word -> Indonesian; used only for non-Indonesian tokens. */
  regional: Record<string, string>;
  /** 2-3 word sequences rewritten before the word maps. */
  phrases: Record<string, string>;
  /** Chat particles dropped from the normalised words ("sih", "dong"). */
  particles: string[];
  /** Words known to be Indonesian already. */
  idWords: string[];
  /** ISO2 -> aliases. */
  countries: Record<string, string[]>;
  /** Common English words: a message made mostly of them is English. */
  english: string[];
}

const phrases = z.array(phrase).min(1);

/** data/answers/topics.yaml: what a question is about, for which job, and how it is asked. */
export const ANSWER_TOPICS = [
  'wage',
  'rest_day',
  'hours',
  'holidays',
  'leave',
  'agency_fee',
  'placement_cost',
  // A deposit the employer lodges (Singapore's security bond): never a fee the worker owes.
  'bond',
  'contract',
  'age',
  'education',
  'documents',
  'visa',
  'insurance',
  'remittance',
  'customs',
  'scams',
  'change_employer',
  'loan',
  'passport',
  'passport_renewal',
  'housing',
  'deductions',
  'channels',
  'family',
  'training',
  'hotline',
  'emergency_number',
  'mission',
] as const;
export type AnswerTopic = (typeof ANSWER_TOPICS)[number];
export const ANSWER_JOBS = [
  'domestic',
  'caregiver',
  'factory',
  'construction',
  'plantation',
  'fishing',
  'care_home',
] as const;
export type AnswerJob = (typeof ANSWER_JOBS)[number];
/** What a yes/no question asks: allowed, required, possible, legal, true, applies, normal. */
export const MODALS = ['legal', 'allowed', 'required', 'applies', 'can', 'reasonable'] as const;
export type Modal = (typeof MODALS)[number];

export const topicsFileSchema = z.strictObject({
  topics: z.array(z.strictObject({ id: z.enum(ANSWER_TOPICS), phrases })),
  jobs: z.array(z.strictObject({ id: z.enum(ANSWER_JOBS), phrases })),
  yesno: phrases,
  /** Question words that make a following yes/no cue part of an open question ("how much should I get?"). */
  openQuestion: z.array(phrase).default([]),
  /** Words of an offer or an advert ("ditawari", "loker", "dicari"). */
  offer: phrases,
  followUp: phrases,
  correction: phrases,
  /** Asks for a figure ("berapa", "how much", "minimal"): facts with a value answer first. */
  howMuch: z.array(phrase).default([]),
  /** Asks what the rule says ("menurut UU", "sebenarnya berapa", "by law", "gaji minimum"). */
  byRule: z.array(phrase).default([]),
  /**
   * Tags that turn a statement into a question when they close it before a question mark
   * ("..., true?", "ok?", "kan?", "betul ke?", "oleh ora to?"): asked as a yes/no question.
   */
  tagQuestions: z.array(phrase).default([]),
  /** The tags that ask whether a statement is true ("bener gak", "is that true"); the others ask about an offer too ("legit?"). */
  truthTags: z.array(phrase).default([]),
  /** The same asked before the statement ("bener gk gbs kerja lagi 6 bulan?", "is it true that ..."). */
  leadingTruthTags: z.array(phrase).default([]),
  /** Indonesia's own institutions ("BPJS", "KP2MI"): named without a destination, Indonesia's rules answer. */
  homeInstitutions: z.array(phrase).default([]),
  /** Words that may stand between a negation and what it denies in a question ("hasn't had a single day off"). */
  negationBridge: z.array(phrase).default([]),
  /** Words that limit a statement ("cuma", "only", "never"); negators count as well. */
  restrictors: z.array(phrase).default([]),
  /**
   * Negators that ask to confirm ("bukannya lembur harus dibayar 50%?": isn't it paid?): they deny
   * nothing, unless a contrast follows ("bukannya dibayar malah dipotong": instead of being paid).
   */
  rhetorical: z.strictObject({ words: phrases, unless: phrases }).optional(),
  /**
   * Prohibitions deny a phrase across the one verb before it: a permission word after a negator
   * ("gk boleh narik biaya rekrut", "may not charge recruitment fees") or a word of forbidding
   * ("dilarang menahan paspor").
   */
  prohibition: z.strictObject({ permission: phrases, forbid: phrases }).optional(),
  /**
   * Someone's claim about the rule ("majikan bilang PRT tidak diatur undang-undang", "agent
   * says it is legal"): a word of saying followed within five words by a word of the rule.
   */
  claims: z.strictObject({ say: phrases, rule: phrases }).optional(),
  /** Rest less often than weekly ("libur 2x sebulan", "one day off every 2 weeks"). */
  belowWeekly: z.array(phrase).default([]),
  /** Speaks of a wage offered or paid ("cuma dikasih", "nawarin", "my salary is"): checked against the minimum. */
  paid: z.array(phrase).default([]),
  /**
   * The word a yes/no question turns on ("boleh", "wajib", "legal", "bener"), so the answer can
   * echo it ("Tidak boleh." rather than a bare "Tidak."). In order of preference.
   */
  modals: z.array(z.strictObject({ id: z.enum(MODALS), phrases })).default([]),
});
export type TopicsFile = z.infer<typeof topicsFileSchema>;

export const currenciesFileSchema = z.strictObject({
  currencies: z.array(
    z.strictObject({
      code: z.string().regex(/^[A-Z]{3}$/),
      /** The destination that pays in this currency (an amount in HKD is about Hong Kong). */
      country: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .optional(),
      aliases: z.array(z.string().min(1)).min(1),
      /** Aliases that other currencies share by name ("dolar", "dinar", "riyal"): see `bareAs`. */
      bareWords: z.array(z.string().min(1)).optional(),
      /**
       * The currency whose bare word also means this one in `country` ("dinar" is listed under
       * KWD; in Jordan it is the Jordanian dinar): an amount read as that currency becomes this.
       */
      bareAs: z
        .string()
        .regex(/^[A-Z]{3}$/)
        .optional(),
    }),
  ),
  multipliers: z.array(z.strictObject({ words: z.array(z.string().min(1)).min(1), factor: z.number().positive() })),
});
export type CurrenciesFile = z.infer<typeof currenciesFileSchema>;

export interface NluModel {
  intents: IntentSpec[];
  categories: CategorySpec[];
  emergency: EmergencyRules;
  lexicon: LexiconData;
  /** Questions about destinations: topics, jobs, question forms, money words (data/answers). */
  answers: { topics: TopicsFile; currencies: CurrenciesFile };
  /** Further labelled examples (data/training/*.jsonl); see training-data.ts. */
  training?: readonly { text: string; intent: Intent; category?: Category | undefined }[];
}
