/**
 * The understanding of one chat message: normalise, then commands, the emergency rules,
 * and the learnt intent classifier with the editors' cue boosts. Pure and synchronous:
 * everything is built once here, `classify` does no I/O.
 * Confidence bands: see nlu-types.ts and docs/intents.md.
 */

import { COMPANY_NAMED } from '../core/company-form.js';
import { createAmountReader } from './amounts.js';
import { createEmergencyDetector, type EmergencyVerdict, negatorStems } from './emergency-detector.js';
import { createCountryMatcher, findLanguage, findTicket, hasAgencyName } from './entities.js';
import { featurize } from './features.js';
import { learnModels, logits, withCues } from './intent-classifier.js';
import { DEFAULT_TRAIN, softmax, trainSoftmax } from './linear-model.js';
import { createLruCache } from './lru-cache.js';
import { cacheKey, readModelCache, writeModelCache } from './model-cache.js';
import type { Category, NluModel } from './nlu-model.js';
import { CATEGORIES, INTENTS } from './nlu-model.js';
import type { Nlu, NluResult, PhraseHit } from './nlu-types.js';
import { createNormalizer } from './normalizer.js';
import { compilePattern, type Doc, findAll, indexDoc, type Match, type Pattern } from './phrase-matcher.js';
import { createSpeller } from './speller.js';
import { createStemmer } from './stemmer.js';
import { createTagQuestionReader } from './tag-question.js';
import { clauseWords, cleanChars, tokenize } from './text-clean.js';
import { createTextPipeline } from './text-pipeline.js';

/** act: act on the intent; unsure..act: confirm or offer choices; below unsure: not understood. */
export const CONFIDENCE = { act: 0.6, unsure: 0.35, notUnderstood: 0.2 } as const;

/**
 * The danger model's probability bands (chosen by leave-one-file-out cross-validation over
 * data/training, bench/nlu-crossval.ts): at or above `emergency` the message is one; between
 * `check` and it (or above `checkWithHazard` when the rules saw a harm they judged over or
 * hypothetical) the bot asks whether the person is in danger now.
 */
export const URGENT = {
  emergency: 0.4,
  check: 0.25,
  checkWithHazard: 0.1,
} as const;

/** Longer text is cut before classification (the engine refuses very long messages anyway). */
const MAX_CLASSIFY_CHARS = 4000;
const COMMAND_CONFIDENCE = 0.97;
const EMERGENCY_CONFIDENCE = 0.9;
/** Intents that are a manner of speaking: beside a question, the question is what is meant. */
const COURTESY = new Set(['thanks', 'greeting']);
/** Words a message needs beside its courtesy to be a question of its own. */
const MIN_QUESTION_WORDS = 8;
/** Address and politeness words ignored when a short message is compared with the commands. */
const FILLERS = new Set([
  'kakak',
  'admin',
  'dong',
  'saja',
  'ya',
  'sih',
  'deh',
  'please',
  'pls',
  'plz',
  'lah',
  'yuk',
  'nya',
]);
const EMERGENCY_INDEX = INTENTS.indexOf('emergency');
/** How many words before a phrase a negation may stand ("tidak pernah dapat libur"). */
const NEGATION_LOOKBACK = 5;
/** How many words before a yes/no cue a question word makes it an open question. */
const OPEN_QUESTION_REACH = 6;
/** Normalised words that deny the country named after them ("bukan hongkong", "not HK"). */
const NOT_WORDS = new Set(['bukan', 'tidak', 'not']);
/** Laughter in a chat: emoji and the written laughs the normaliser drops as particles. */
const LAUGHING = /😂|🤣|😆|😹|\b(?:wk){2,}\w*|\bha(?:ha)+\b|\bhe(?:he)+\b|\blol\b|\bjk\b|\blmao\b/iu;

/** Logit taken from `emergency` when the rules found the hazard negated, over or hypothetical. */
const DISMISSED_PENALTY = 3;

/** The danger-signal layer's findings as classifier features. */
function verdictTags(v: EmergencyVerdict, distressEmoji: boolean, laughing: boolean): string[] {
  const tags: string[] = [];
  if (v.emergency) tags.push('#rules');
  if (v.hazards.length > 0) tags.push('#hz');
  if (v.category && v.hazards.length > 0) tags.push(`#hz:${v.category}`);
  if (v.dismissed) tags.push('#hzdis');
  if (v.negated) tags.push('#hzneg');
  if (v.suicide) tags.push('#sui');
  for (const [k, on] of Object.entries(v.markers)) if (on) tags.push(`#m:${k}`);
  if (v.distress || distressEmoji) tags.push('#distress');
  if (v.reporter) tags.push(`#rep:${v.reporter}`);
  // A laugh is a feature, so the models learn from the examples that a joke about a beating is
  // no emergency (the rules decide only the plain cases).
  if (laughing) tags.push('#laugh');
  return tags;
}
/** Longer texts are not remembered (rare, and they would make the caches heavy). */
const MAX_CACHED_CHARS = 1000;

export interface NluOptions {
  /**
   * Results remembered per function, by exact text (0: none). One message is read several
   * times per step (engine, FAQ search, answers), and short texts ("ya", "1", "menu")
   * repeat across users. Results are pure functions of the text, so this changes nothing
   * but the cost.
   */
  cacheSize?: number;
  /** Where learnt models are cached between runs (see model-cache.ts); no cache when unset. */
  cacheDir?: string;
}

/**
 * The cache key of the learnt models and vocabulary: the model data, and the code that turns
 * text into features and trains (its source text is part of the key).
 */
function modelKey(model: NluModel): string {
  return cacheKey([
    model,
    featurize.toString(),
    trainSoftmax.toString(),
    learnModels.toString(),
    createEmergencyDetector.toString(),
    verdictTags.toString(),
    createTextPipeline.toString(),
    createNormalizer.toString(),
    createStemmer.toString(),
    createSpeller.toString(),
    tokenize.toString(),
    cleanChars.toString(),
    DEFAULT_TRAIN,
  ]);
}

export function createNlu(model: NluModel, options: NluOptions = {}): Nlu {
  // Nothing the models depend on changed: read them and the vocabulary instead of learning them.
  const key = options.cacheDir ? modelKey(model) : '';
  const hit = options.cacheDir ? readModelCache(options.cacheDir, key) : null;
  const pipe = createTextPipeline(model, hit?.vocabulary);
  const countries = createCountryMatcher(
    model.lexicon.countries,
    new Set([...pipe.normalizer.indonesian, ...model.lexicon.english]),
  );
  const detect = createEmergencyDetector(model.emergency, pipe.phraseDoc);
  const distressEmoji = model.emergency.distressEmoji;
  const signalsFrom = (
    text: string,
    tokens: readonly string[],
    ticket: boolean,
    country: boolean,
    verdict: EmergencyVerdict,
  ) => ({
    ticket,
    country,
    agencyName: hasAgencyName(tokens),
    question: text.includes('?'),
    tags: verdictTags(
      verdict,
      distressEmoji.some((e) => text.includes(e)),
      LAUGHING.test(text),
    ),
  });
  const signalsOf = (text: string, tokens: readonly string[]) =>
    signalsFrom(
      text,
      tokens,
      findTicket(text) !== undefined,
      countries.all(text).some((c) => c !== 'ID'),
      detect(indexDoc(tokens, tokens.map(pipe.stem))),
    );
  let learned = hit?.models;
  if (!learned) {
    learned = learnModels(model, pipe, signalsOf);
    if (options.cacheDir) {
      try {
        writeModelCache(options.cacheDir, key, { models: learned, vocabulary: pipe.vocabulary });
      } catch {
        // A read-only disk only costs the next start its training time.
      }
    }
  }
  const classifiers = withCues(learned, model, pipe);
  const commands = new Map<string, string>();
  for (const spec of model.intents) {
    for (const c of spec.commands) commands.set(pipe.tokens(c).join(' '), spec.id);
  }

  const commandOf = (tokens: readonly string[]): string | undefined => {
    if (tokens.length > 6) return undefined;
    const core = tokens.filter((t) => !FILLERS.has(t)).join(' ');
    return commands.get(core) ?? commands.get(tokens.join(' '));
  };

  const categoryOf = (doc: Doc, x: Map<string, number>): Category => {
    const z = logits(classifiers.category, x);
    classifiers.boostCategories(doc, z);
    let best = 0;
    for (let k = 1; k < z.length; k++) if ((z[k] as number) > (z[best] as number)) best = k;
    return CATEGORIES[best] as Category;
  };

  const classify = (text: string): NluResult => {
    const clipped = text.length > MAX_CLASSIFY_CHARS ? text.slice(0, MAX_CLASSIFY_CHARS) : text;
    // The raw words serve both the normaliser and the country names (same text, same cut).
    const rawClauses = clauseWords(clipped);
    const raw = rawClauses.flat();
    const { tokens, clauses } = pipe.normalizer.clausesOf(rawClauses);
    const stems = tokens.map(pipe.stem);
    const entities: NluResult['entities'] = {};
    const ticket = findTicket(clipped);
    if (ticket) entities.ticket = ticket;
    // "taiwan bukan hongkong": the country after "bukan"/"not" is the one meant not.
    const positions = countries.positions(raw);
    if (positions.some((c) => c.iso === 'ID')) entities.home = true;
    const named = positions.filter((c) => c.iso !== 'ID');
    // "kedai makan KL": a place written in capitals that is a chat word in lower case.
    const caps = named.length === 0 ? countries.capital(clipped) : undefined;
    if (caps) named.push({ iso: caps, at: -1 });
    const denied = named.filter((c) => c.at > 0 && isNot(raw[c.at - 1] as string));
    const country = named.find((c) => !denied.includes(c))?.iso;
    if (country) entities.country = country;
    if (denied.length > 0) entities.notCountries = [...new Set(denied.map((c) => c.iso))];
    if (COMPANY_NAMED.test(clipped)) entities.company = true;
    const amounts = readAmounts(clipped);
    if (amounts.length > 0) entities.amounts = amounts;
    // "10rb HKD" with no country named is about Hong Kong.
    // "230 dinar" in Amman is Jordanian dinars, "5000 dolar" in Hong Kong is HKD.
    if (country)
      for (const a of amounts) {
        const own = a.bare ? localCurrency.get(`${country}:${a.currency ?? ''}`) : undefined;
        if (own) a.currency = own;
        delete a.bare;
      }
    const paidIn = amounts.map((a) => countryOfCurrency.get(a.currency ?? '')).find(Boolean);
    if (!entities.country && paidIn) entities.country = paidIn;
    const normalized = tokens.join(' ');
    if (tokens.length === 0) return { intent: null, confidence: 0, ranked: [], entities, normalized };

    const doc: Doc = indexDoc(tokens, stems, clauses);
    Object.assign(entities, question(doc));
    const tag = tagQuestion(clipped);
    if (tag !== undefined) {
      entities.yesno = true;
      const tagDoc = pipe.doc(tag);
      if (truthTag(tagDoc)) {
        entities.truthTag = true;
        // Before the tag: the statement itself.
        const said = doc.stems.slice(0, Math.max(0, doc.stems.length - tagDoc.stems.length));
        if (said.some((s) => negators.has(s) || restrictorStems.has(s))) entities.restrictedClaim = true;
        if (prohibits(said)) entities.prohibitedClaim = true;
      }
      // "agen bilang kalo hamil sy hrs pulang. bener gk?" asks whether the claim is true: the
      // "hrs" inside the claim is not what is asked; "..., oleh ora to?" asks whether it is allowed.
      const asked = modalOf(tagDoc);
      if (asked) entities.modal = asked;
      else delete entities.modal;
    }
    // "bener gk gbs kerja di macau 6 bulan?": the truth asked first, a negative claim after it.
    // A restricted claim without a closing truth tag: no "Ya" and no "Tidak" (see destination-answers).
    const leading = entities.truthTag || !entities.yesno ? undefined : firstMatch(leadingTruthPatterns, doc);
    const claim = leading ? doc.stems.slice(leading.end) : [];
    if (claim.some((s) => negators.has(s) || restrictorStems.has(s))) entities.restrictedClaim = true;
    if (prohibits(claim)) entities.prohibitedClaim = true;
    if (limitsAmount(doc)) entities.limited = true;
    // "bos bayar 9.860 won per jam, katanya udh sesuai aturan, boleh gk?": a sum in a
    // destination's own money, asked about with no other topic, is pay.
    if (!entities.topics && (entities.yesno || entities.claim) && amounts.some((a) => foreignMoney(a.currency)))
      entities.topics = ['wage'];
    const detected = detect(doc);
    // A harm told laughing ("wkwk majikanku mau bunuh aku kalau nasinya keasinan 😂"), with no
    // word of fear and nothing saying it happens now, is a joke: the rules do not call it an
    // emergency (the danger model still may). Suicidal talk is never taken as a joke. With a
    // sign of now the laugh may be nervous ("wkwk ... tadi pagi dia narik baju aku, skrg masih
    // ngunci diri"): the rules stand.
    // A harm called a joke ("becanda dia", "joking lah") is one even told with "tadi".
    const verdict =
      detected.emergency &&
      !detected.suicide &&
      !detected.distress &&
      (detected.markers.joke || (!detected.markers.present && LAUGHING.test(clipped))) &&
      !distressEmoji.some((e) => clipped.includes(e))
        ? { ...detected, emergency: false, dismissed: true }
        : detected;
    if (verdict.suicide) entities.suicide = true;
    if (verdict.reporter) entities.reporter = verdict.reporter;
    const x = featurize(
      stems,
      signalsFrom(clipped, tokens, ticket !== undefined, country !== undefined, verdict),
      classifiers.space,
    );
    const z = logits(classifiers.intent, x);
    classifiers.boostIntents(doc, z);
    // A hazard that the rules judged over, negated or hypothetical weighs against an emergency;
    // the classifier (which has seen such messages) may still outweigh it.
    if (verdict.dismissed) z[EMERGENCY_INDEX] = (z[EMERGENCY_INDEX] as number) - DISMISSED_PENALTY;
    const p = softmax(z);
    const order = [...p.keys()].sort((a, b) => (p[b] as number) - (p[a] as number));
    let ranked = order.slice(0, 3).map((k) => ({ intent: INTENTS[k] as string, score: round(p[k] as number) }));
    let intent = ranked[0]?.intent ?? null;
    let confidence = ranked[0]?.score ?? 0;

    const command = commandOf(tokens);
    const pe = p[EMERGENCY_INDEX] as number;
    const pb = softmax(logits(classifiers.urgent, x))[0] as number;
    const distressSeen = verdict.distress || distressEmoji.some((e) => clipped.includes(e));
    // An unsure emergency guess from the intent model alone (no harm the rules could find, no
    // fear, the danger model below its band) is a question that borrowed emergency words, such
    // as an employer asking about leave: the next intent answers it; the danger model may
    // still ask whether the person is safe.
    // The models alone (no harm the rules found, no fear, no suicidal talk) on a message told
    // laughing ("mati ketawa 😂", "latihan kebakaran ... wkwk") read words, not danger.
    // Nor of a joke the rules set aside. (Not of a message that only reads safe: "I came back from
    // Taiwan ... I have the pills in front of me right now" is safe by its first words only.)
    const laughingOnly =
      !verdict.suicide &&
      !distressSeen &&
      ((verdict.hazards.length === 0 && (LAUGHING.test(clipped) || verdict.markers.idiom)) ||
        (verdict.markers.joke && verdict.dismissed));
    // A harm the rules placed in a film, a novel or the news is the story's: neither model, which
    // read the words of the harm, overrules that.
    const story = verdict.markers.fiction && !verdict.emergency && !verdict.suicide;
    const weakGuess =
      intent === 'emergency' &&
      !verdict.emergency &&
      !verdict.suicide &&
      !distressSeen &&
      ((verdict.hazards.length === 0 && pb < URGENT.emergency && pe < CONFIDENCE.act) || laughingOnly || story) &&
      ranked.length > 1;
    if (weakGuess) {
      ranked = [...ranked.slice(1), ...ranked.slice(0, 1)];
      intent = ranked[0]?.intent ?? null;
      confidence = ranked[0]?.score ?? 0;
    }
    // "... nomer konsultasi sing iso boso indonesia piro yo? matur nuwun": a question closed (or
    // opened) with thanks or a greeting asks the question; the courtesy is the manner.
    // Only a question about a topic of the answers counts ("ini bener nomor Sahabat PMI ya?" is a
    // greeting, "adikku wis aman, matur nuwun" thanks).
    const asks =
      tokens.length >= MIN_QUESTION_WORDS &&
      clipped.includes('?') &&
      (entities.howMuch === true || (entities.topics?.length ?? 0) > 0);
    if (intent !== null && COURTESY.has(intent) && asks && !command) {
      // Not an emergency on the models' word: thanks for a rescue is no new alarm (the rules
      // still raise one where they find harm).
      const next = order.find((k) => !COURTESY.has(INTENTS[k] as string) && k !== EMERGENCY_INDEX);
      // The question's own intents share what the courtesy took.
      const rest = order.reduce((sum, k) => (COURTESY.has(INTENTS[k] as string) ? sum : sum + (p[k] as number)), 0);
      // Nothing in scope beside the courtesy: the courtesy is the message.
      if (next !== undefined && rest > 0 && INTENTS[next] !== 'out_of_scope') {
        const meant = { intent: INTENTS[next] as string, score: round((p[next] as number) / rest) };
        ranked = [meant, ...ranked.filter((r) => r.intent !== meant.intent)].slice(0, 3);
        intent = meant.intent;
        confidence = meant.score;
      }
    }
    const danger = weakGuess ? pb : Math.max(pe, pb);
    if (verdict.emergency || (!command && !story && !laughingOnly && pb >= URGENT.emergency)) {
      intent = 'emergency';
      confidence = Math.max(EMERGENCY_CONFIDENCE, p[EMERGENCY_INDEX] as number);
      ranked = [{ intent, score: round(confidence) }, ...ranked.filter((r) => r.intent !== intent)].slice(0, 3);
    } else if (command && intent !== 'emergency') {
      intent = command;
      confidence = COMMAND_CONFIDENCE;
      ranked = [{ intent, score: confidence }, ...ranked.filter((r) => r.intent !== intent)].slice(0, 3);
    }
    // A command ("lapor masalah") is the request alone: no category to guess from it.
    if ((intent === 'complaint.new' && command !== 'complaint.new') || intent === 'emergency') {
      entities.category = intent === 'emergency' && verdict.category ? verdict.category : categoryOf(doc, x);
      if (intent === 'complaint.new' && verdict.category && verdict.hazards.length > 0) {
        entities.category = verdict.category;
      }
    }
    if (intent === 'language.change') {
      const language = findLanguage(tokens);
      if (language) entities.language = language;
    }
    if (confidence < CONFIDENCE.notUnderstood) intent = null;
    const result: NluResult = { intent, confidence: round(confidence), ranked, entities, normalized };
    if (distressSeen) result.distress = true;
    if (verdict.hazards.length > 0) result.hazard = true;
    if (
      intent !== 'emergency' &&
      !command &&
      (danger >= URGENT.check || (verdict.hazards.length > 0 && danger >= URGENT.checkWithHazard))
    ) {
      result.safetyCheck = true;
    }
    if ((verdict.markers.denial || verdict.markers.safe) && intent !== 'emergency') result.saysSafe = true;
    const language = languageOf(tokens);
    if (language) result.language = language;
    return result;
  };

  const answers = model.answers.topics;
  const readAmounts = createAmountReader(model.answers.currencies);
  const localCurrency = new Map(
    model.answers.currencies.currencies.flatMap((c) =>
      c.country && c.bareAs ? [[`${c.country}:${c.bareAs}`, c.code] as const] : [],
    ),
  );
  const countryOfCurrency = new Map(
    model.answers.currencies.currencies.flatMap((c) => (c.country ? [[c.code, c.country] as const] : [])),
  );
  /** Money of a destination (not the rupiah, not a count of months' wages). */
  const foreignMoney = (code: string | undefined) => {
    const country = countryOfCurrency.get(code ?? '');
    return country !== undefined && country !== 'ID';
  };
  // A single letter is too weak a negation ("G to G Jepang": the g is not "gak").
  const isNot = (word: string) => word.length > 1 && NOT_WORDS.has(pipe.normalizer.tokensOf([word]).join(' '));
  const compileAll = (list: readonly string[]) =>
    list.map((p) => compilePattern(p, pipe.phraseDoc)).filter((p): p is NonNullable<typeof p> => p !== null);
  const firstAt = (patterns: readonly Pattern[], doc: Doc): number => {
    let at = Number.POSITIVE_INFINITY;
    for (const p of patterns) for (const m of findAll(p, doc)) if (m.start < at) at = m.start;
    return at;
  };
  const firstMatch = (patterns: readonly Pattern[], doc: Doc): Match | undefined => {
    let first: Match | undefined;
    for (const p of patterns) for (const m of findAll(p, doc)) if (!first || m.start < first.start) first = m;
    return first;
  };
  const topicPatterns = answers.topics.map((t) => ({ id: t.id, patterns: compileAll(t.phrases) }));
  const jobPatterns = answers.jobs.map((j) => ({ id: j.id, patterns: compileAll(j.phrases) }));
  const yesnoPatterns = compileAll(answers.yesno);
  const openWords = new Set(answers.openQuestion.flatMap((w) => pipe.stems(w)));
  const openBefore = (doc: Doc, start: number) => {
    for (let k = Math.max(0, start - OPEN_QUESTION_REACH); k < start; k++)
      if (openWords.has(doc.stems[k] ?? '')) return true;
    return false;
  };
  const followUpPatterns = compileAll(answers.followUp);
  const offerPatterns = compileAll(answers.offer);
  const correctionPatterns = compileAll(answers.correction);
  const howMuchPatterns = compileAll(answers.howMuch);
  const byRulePatterns = compileAll(answers.byRule);
  const paidPatterns = compileAll(answers.paid);
  const belowWeeklyPatterns = compileAll(answers.belowWeekly);
  const modalPatterns = answers.modals.map((m) => ({ id: m.id, patterns: compileAll(m.phrases) }));
  const tagQuestion = createTagQuestionReader(answers.tagQuestions, pipe.doc);
  const truthTagPatterns = compileAll(answers.truthTags);
  const leadingTruthPatterns = compileAll(answers.leadingTruthTags);
  const homeInstitutionPatterns = compileAll(answers.homeInstitutions);
  const restrictorStems = new Set(answers.restrictors.flatMap((w) => pipe.stems(w)));
  const truthTag = (doc: Doc) => Number.isFinite(firstAt(truthTagPatterns, doc));
  const sayPatterns = compileAll(answers.claims?.say ?? []);
  // "bilang .. atur*", "says .. legal": every word of saying before every word of the rule.
  const claimPatterns = compileAll(
    (answers.claims?.say ?? []).flatMap((say) => (answers.claims?.rule ?? []).map((rule) => `${say} .. ${rule}`)),
  );
  /** The word a yes/no question turns on; "gak berlaku buat pembantu, bener gak?" asks whether that is true, not whether it applies. */
  const modalOf = (doc: Doc): NluResult['entities']['modal'] =>
    modalPatterns.find((m) =>
      m.patterns.some((p) => findAll(p, doc).some((x) => !negators.has(doc.stems[x.start - 1] ?? ''))),
    )?.id;
  /** What a question is about (topics in order of mention), for which job, and how it is asked. */
  const question = (doc: Doc): Partial<NluResult['entities']> => {
    const out: Partial<NluResult['entities']> = {};
    // In the file's order: the most specific topic first ("KUR ... biaya berangkat" is about the loan).
    const topics = topicPatterns.filter((t) => Number.isFinite(firstAt(t.patterns, doc))).map((t) => t.id);
    if (topics.length > 0) out.topics = topics;
    const job = jobPatterns
      .map((j) => ({ id: j.id, at: firstAt(j.patterns, doc) }))
      .filter((j) => Number.isFinite(j.at))
      .sort((a, b) => a.at - b.at)[0]?.id;
    if (job) out.job = job;
    if (yesnoPatterns.some((p) => findAll(p, doc).some((m) => !openBefore(doc, m.start)))) out.yesno = true;
    if (Number.isFinite(firstAt(followUpPatterns, doc))) out.followUp = true;
    if (Number.isFinite(firstAt(offerPatterns, doc))) out.offer = true;
    if (Number.isFinite(firstAt(correctionPatterns, doc))) out.correction = true;
    if (Number.isFinite(firstAt(howMuchPatterns, doc))) out.howMuch = true;
    if (Number.isFinite(firstAt(byRulePatterns, doc))) out.byRule = true;
    if (Number.isFinite(firstAt(homeInstitutionPatterns, doc))) out.homeInstitution = true;
    if (Number.isFinite(firstAt(claimPatterns, doc))) out.claim = true;
    if (Number.isFinite(firstAt(sayPatterns, doc))) out.reported = true;
    if (Number.isFinite(firstAt(paidPatterns, doc))) out.paid = true;
    if (Number.isFinite(firstAt(belowWeeklyPatterns, doc))) out.belowWeekly = true;
    const modal = modalOf(doc);
    if (modal) out.modal = modal;
    return out;
  };

  const negators = negatorStems(model.emergency.negators, pipe.doc);
  // "gak ngasih libur" and "tidak pernah dikasih libur" deny the phrase; "gak ngasih libur, katanya
  // diganti duit" does not deny "diganti duit" (a content word stands between).
  const bridgeStems = new Set(
    [...model.emergency.negationBridge, ...model.answers.topics.negationBridge].flatMap((n) => pipe.stems(n)),
  );
  // "boleh gak kerja pas hari libur?" asks; the "gak" of the tag ("boleh gak", "wajib tidak",
  // "oleh ora") negates nothing after it. The tags are the two-word yes/no phrases that end in
  // a negator.
  const tagPairs = new Set(
    answers.yesno
      .map((p) => pipe.doc(p).stems)
      .filter((st) => st.length === 2 && negators.has(st[1] as string))
      .map((st) => st.join(' ')),
  );
  const rhetorical = new Set((answers.rhetorical?.words ?? []).map((w) => w.toLowerCase()));
  const contrasts = new Set((answers.rhetorical?.unless ?? []).flatMap((w) => pipe.doc(w).tokens));
  const asksToConfirm = (doc: Doc, k: number): boolean =>
    rhetorical.has(doc.tokens[k] ?? '') && !doc.tokens.slice(k + 1).some((t) => contrasts.has(t));
  const permission = new Set((answers.prohibition?.permission ?? []).flatMap((w) => pipe.stems(w)));
  const forbid = new Set((answers.prohibition?.forbid ?? []).flatMap((w) => pipe.stems(w)));
  /** A negation (or a word of forbidding) in the words before `start`, across bridge words. */
  const deniedBefore = (doc: Doc, start: number): boolean => {
    for (let k = start - 1; k >= Math.max(0, start - NEGATION_LOOKBACK); k--) {
      const s = doc.stems[k] ?? '';
      if (negators.has(s) || forbid.has(s))
        return !tagPairs.has(`${doc.stems[k - 1] ?? ''} ${s}`) && !asksToConfirm(doc, k);
      if (!bridgeStems.has(s)) return false;
    }
    return false;
  };
  /**
   * "gk boleh narik biaya", "may not charge fees", "dilarang nahan paspor", "not allowed to
   * hold passport": the verb before the phrase stands inside a prohibition.
   */
  const prohibitedAt = (doc: Doc, start: number): boolean => {
    let verb = start - 1;
    if (doc.stems[verb - 1] === 'to') verb--;
    if (verb < 1) return false;
    const before = doc.stems[verb - 1] as string;
    // "gk boleh narik": a denied permission; "may not charge": a permission denied after it,
    // unless the two are a yes/no tag ("boleh gk kerja part time?" asks).
    const deniedPermission = permission.has(before) && deniedBefore(doc, verb - 1);
    const permissionDenied =
      negators.has(before) &&
      permission.has(doc.stems[verb - 2] ?? '') &&
      !tagPairs.has(`${doc.stems[verb - 2] ?? ''} ${before}`);
    return deniedPermission || permissionDenied || forbid.has(before);
  };
  const negatedAt = (doc: Doc, start: number): boolean => deniedBefore(doc, start) || prohibitedAt(doc, start);
  /** "libur mingguanku mung 10 jam", "only 2 days off": a limiting word right before a number. */
  const limitsAmount = (doc: Doc): boolean =>
    doc.stems.some((s, i) => restrictorStems.has(s) && !negators.has(s) && /^\d+$/.test(doc.stems[i + 1] ?? ''));
  /** A statement that forbids something: "dilarang nahan", "gk boleh narik", "may not charge", "not allowed". */
  const prohibits = (stems: readonly string[]): boolean =>
    stems.some((s, i) => {
      if (forbid.has(s)) return true;
      const next = stems[i + 1] ?? '';
      if (tagPairs.has(`${s} ${next}`)) return false;
      return (negators.has(s) && permission.has(next)) || (permission.has(s) && negators.has(next));
    });
  /**
   * The phrase denied before it, or its last word (the verb of "paspor .. ditahan") inside a
   * prohibition within the phrase's gap: "paspor sendiri, majikan gk boleh nahan" states the
   * rule "no holding the passport", it does not ask about holding it. Only a prohibition counts
   * here: a plain negation inside a gap ("paspor tidak dikembalikan, ditahan") is part of a report.
   */
  const hitNegated = (doc: Doc, m: Match): boolean =>
    negatedAt(doc, m.start) || (m.end - m.start >= 3 && prohibitedAt(doc, m.end));

  const english = new Set(model.lexicon.english);
  const indonesian = pipe.normalizer.indonesian;
  /** English when most words are common English words and few are Indonesian. */
  const languageOf = (tokens: readonly string[]): 'id' | 'en' | undefined => {
    if (tokens.length < 3) return undefined;
    let en = 0;
    let id = 0;
    for (const t of tokens) {
      if (english.has(t)) en++;
      else if (indonesian.has(t)) id++;
    }
    if (en >= 2 && en >= tokens.length * 0.4 && en > id * 2) return 'en';
    if (id >= 2 && id >= tokens.length * 0.4 && id > en * 2) return 'id';
    return undefined;
  };

  const cacheSize = options.cacheSize ?? 1000;
  const memo = <T>(fn: (text: string) => T, copy: (value: T) => T) => {
    const cache = createLruCache<string, T>(cacheSize);
    return (text: string): T => {
      if (text.length > MAX_CACHED_CHARS) return fn(text);
      let value = cache.get(text);
      if (value === undefined) {
        value = fn(text);
        cache.set(text, value);
      }
      // Callers get their own copy: a change they make must not leak into the cache.
      return copy(value);
    };
  };
  const same = <T>(value: T) => value;
  const copyResult = (r: NluResult): NluResult => ({
    ...r,
    ranked: r.ranked.map((x) => ({ ...x })),
    entities: {
      ...r.entities,
      ...(r.entities.topics ? { topics: [...r.entities.topics] } : {}),
      ...(r.entities.amounts ? { amounts: r.entities.amounts.map((a) => ({ ...a })) } : {}),
      ...(r.entities.notCountries ? { notCountries: [...r.entities.notCountries] } : {}),
    },
  });
  return {
    classify: memo(classify, copyResult),
    normalize: memo((text) => pipe.tokens(text).join(' '), same),
    // null is remembered as well (the cache cannot hold undefined, nor needs to).
    matchCountry: memo((text) => countries.first(text), same),
    matcher(phrases) {
      const patterns = compileAll(phrases);
      return (text) => {
        const doc = pipe.doc(text.length > MAX_CLASSIFY_CHARS ? text.slice(0, MAX_CLASSIFY_CHARS) : text);
        return Number.isFinite(firstAt(patterns, doc));
      };
    },
    phraseMatch(phrases) {
      const patterns = compileAll(phrases);
      return (text) => {
        const doc = pipe.doc(text.length > MAX_CLASSIFY_CHARS ? text.slice(0, MAX_CLASSIFY_CHARS) : text);
        let best: PhraseHit | null = null;
        for (const p of patterns) {
          for (const m of findAll(p, doc)) {
            const words = m.end - m.start;
            if (best && words <= best.words) continue;
            best = {
              words,
              size: p.parts.length,
              start: m.start,
              end: m.end,
              negated: hitNegated(doc, m),
              acrossClauses: doc.clauses !== undefined && doc.clauses[m.start] !== doc.clauses[m.end - 1],
            };
          }
        }
        return best;
      };
    },
    stems: memo(
      (text) => pipe.stems(text.length > MAX_CLASSIFY_CHARS ? text.slice(0, MAX_CLASSIFY_CHARS) : text),
      (list) => [...list],
    ),
  };
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
