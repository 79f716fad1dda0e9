import type { Amount } from './amounts.js';
import type { Modal } from './nlu-model.js';

/**
 * The understanding of one message, as the engine consumes it.
 *
 * Confidence bands (calibrated on the dev set and our held-out sets, see docs/intents.md;
 * the numbers are exported as CONFIDENCE from create-nlu.ts):
 *   >= 0.6        act on the intent
 *   0.35 .. 0.6   unsure: confirm, or offer the top choices from `ranked`
 *   < 0.35        not understood (and `intent` is null below 0.2)
 * An emergency found by the rules always comes with confidence >= 0.9; a command
 * ("batal", "/menu") with 0.97.
 */
export interface NluResult {
  /** One of the 20 intent labels, or null when nothing fits (read as out_of_scope). */
  intent: string | null;
  /** 0..1. */
  confidence: number;
  /** The top 3 intents with their scores. */
  ranked: { intent: string; score: number }[];
  entities: {
    /** Complaint category (16 ids) for complaint.new and emergency. */
    category?: string;
    /** ISO 3166 alpha-2 of the first destination country named (never ID). */
    country?: string;
    /** ADU-XXXXXXXX, upper case, Crockford base32 (I/L read as 1, O as 0). */
    ticket?: string;
    /** Suicidal talk: the bot shows mental-health contacts. */
    suicide?: boolean;
    /** For language.change: the language asked for, when it is one we offer. */
    language?: 'id' | 'en';
    /** The writer speaks about a relative (family) or a friend, neighbour, volunteer (other). */
    reporter?: 'family' | 'other';
    /** Indonesia is named ("UU Indonesia", "pemerintah Indonesia"); never a destination in `country`. */
    home?: boolean;
    /** Countries named only to be denied ("taiwan bukan hongkong": HK). */
    notCountries?: string[];
    /** What a question is about (data/answers/topics.yaml), in order of mention. */
    topics?: string[];
    /** The job the question is about. */
    job?: string;
    /** Asked as a yes/no question ("boleh gk?", "wajib?", "is it allowed"). */
    yesno?: boolean;
    /** Opens like a follow-up ("kalau di", "terus", "what about") or a correction ("maksudnya"). */
    followUp?: boolean;
    /** Rest less often than weekly ("libur 2x sebulan"). */
    belowWeekly?: boolean;
    /** Speaks of a wage offered or paid ("cuma dikasih", "nawarin 18rb"). */
    paid?: boolean;
    /** Asks for a figure ("berapa", "how much"). */
    howMuch?: boolean;
    /** Asks what the rule or the law says. */
    byRule?: boolean;
    /** Reports someone's claim about the rule ("majikan bilang PRT tidak diatur undang-undang"). */
    claim?: boolean;
    /** Names one of Indonesia's own institutions ("iuran BPJS TK brp?"). */
    homeInstitution?: boolean;
    /** Asks whether what was just said is true ("..., bener gak?", "true?"), not whether an offer is safe. */
    truthTag?: boolean;
    /**
     * Such a statement denies or limits something ("pekerja asing gak berhak libur", "only 14
     * days", "trainee ora entuk"): the rule may say yes to the thing while the statement is false.
     */
    restrictedClaim?: boolean;
    /**
     * A number limited by "only" ("libur cuma 10 jam", "only 2 days"): the question asks about less
     * than something, and a rule's plain "yes" to that thing does not answer it.
     */
    limited?: boolean;
    /** Names an Indonesian company by its legal form ("PT Maju Jaya", "CV. Sinar"). */
    company?: boolean;
    /** Such a statement forbids something ("majikan dilarang nahan paspor", "may not charge fees"). */
    prohibitedClaim?: boolean;
    /** Someone else's words are reported ("agen bilang ...", "my employer says ..."). */
    reported?: boolean;
    /** The word a yes/no question turns on, when it is not itself negated ("boleh gk?" -> allowed). */
    modal?: Modal;
    correction?: boolean;
    /** Speaks of an offer or quotes an advert ("ditawari kerja", "loker", "agen bilang: ..."). */
    offer?: boolean;
    /** Amounts of money as written ("30jt", "HKD 3000 x 6", "NT$1800/bln", "potong gaji 3 bulan"). */
    amounts?: Amount[];
  };
  /** The normalised text (lowercase, slang mapped): for matching choices, NEVER for logs. */
  normalized: string;
  /** Words or emoji of fear or distress ("takut", "tolong", "😭"): check on the person, never "not an option". */
  distress?: boolean;
  /**
   * Not judged an emergency, but danger signals are present and the judgement is unsure: ask
   * "are you, or the person you write about, in danger now?" before anything else.
   */
  safetyCheck?: boolean;
  /** The danger rules found a harm, even one they judged negated, over or hypothetical. */
  hazard?: boolean;
  /** The person says they are safe or it is not urgent ("aman kok", "I'm safe now"). */
  saysSafe?: boolean;
  /** The language the message is written in, when it is clearly one we answer in. */
  language?: 'id' | 'en';
}

export interface Nlu {
  classify(text: string): NluResult;
  /** Case, stretched letters, punctuation, emoji, invisible characters, slang and regional words; negations kept. */
  normalize(text: string): string;
  /** Country names and aliases in Indonesian, English and chat forms -> ISO2 (answer type `country`). */
  matchCountry(text: string): string | null;
  /** Normalised and stemmed words, for search over texts (FAQ answers). Optional for test doubles. */
  stems?(text: string): string[];
  /** Compiles phrases (phrase-matcher syntax) once; the function says whether a text contains one. */
  matcher?(phrases: readonly string[]): (text: string) => boolean;
  /**
   * The same, with the longest match (see {@link PhraseHit}); null without a match.
   */
  phraseMatch?(phrases: readonly string[]): (text: string) => PhraseHit | null;
}

/** Where a phrase matched a message, and whether the message denies it. */
export interface PhraseHit {
  /** Words the match spans, the gaps included. */
  words: number;
  /** The phrase's own words: of two matches where one lies inside the other, the denser is the more precise. */
  size: number;
  start: number;
  end: number;
  /**
   * A negation stands just before the phrase ("hasn't had a day off", "tidak boleh tahan paspor"),
   * or a prohibition across its verb ("gk boleh narik biaya rekrut", "dilarang menahan paspor").
   */
  negated: boolean;
  /**
   * The match joins words of two clauses ("... different address. im 2nd contract"): good
   * enough to find the fact a question is about, too loose to say yes or no on.
   */
  acrossClauses: boolean;
}
