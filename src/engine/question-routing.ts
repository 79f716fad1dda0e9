/**
 * Questions that deserve a destination's own answer: a topic (wage, rest day, agency fee ...)
 * with a country from the message, the conversation, or one tap; the fee check when an amount
 * is named; the job-ad check for a forwarded advert; follow-ups that keep the country and topic
 * of the last answer ("kalau di hongkong?", "terus biayanya?", "maksudnya taiwan bukan hongkong").
 */
import type { NluResult } from '../nlu/nlu-types.js';
import { startFlow } from './run-flow.js';
import type { StepContext } from './step-context.js';

export const ANSWERS_FLOW = 'answers';
export const JOB_AD_FLOW = 'job-ad';
/** How long a follow-up may lean on the last answer's country and topic. */
const CONTEXT_MS = 30 * 60_000;
const FOLLOW_UP_WORDS = 7;
/** Topics whose answer depends on the destination: without a country the bot asks for one. */
const NEEDS_COUNTRY = new Set([
  'wage',
  'rest_day',
  'hours',
  'holidays',
  'leave',
  'agency_fee',
  'contract',
  'insurance',
  'change_employer',
  'emergency_number',
  'mission',
  'visa',
  'age',
  'passport',
  'housing',
  'deductions',
  'family',
]);
const FEE_TOPICS = new Set(['agency_fee', 'placement_cost']);
/** An offer about money itself ("titip kirim lewat orang", "rekening dipinjam") is not a job advert. */
const MONEY_TOPICS = new Set(['remittance', 'loan']);
/**
 * "Lapor ke mana? nomornya?": the number is the answer, even inside a complaint. Where to report
 * comes first: its list names the mission too.
 */
const CONTACT_ORDER = ['hotline', 'emergency_number', 'mission'];
/** Words that mark a forwarded offer or advert ("ditawari", "loker", a quoted message). */
const AD_MIN_WORDS = 12;
/** The topic of what a destination's agencies may charge and whether they are licensed. */
const AGENCY_TOPIC = 'agency_fee';
/** Intents a destination answer may take over; a complaint, an agency check or a request for a person it may not. */
const QUESTION_INTENTS = new Set([
  'faq.procedure',
  'faq.documents',
  'faq.costs',
  'faq.rights',
  'faq.contract',
  'faq.social_security',
  'faq.scam_signs',
  'faq.destination',
  'out_of_scope',
]);

/** The understanding's guess is taken as a hint from this confidence on (acting needs more). */
const HINT = 0.3;

/**
 * Asks about a rule on a destination topic: a yes/no or tag question ("emang boleh?", "true?"),
 * a figure the law sets ("ikut akta berapa jam maksimum?"), or a report of someone's claim about
 * the rule ("majikan blg PRT ga diatur undang2 Qatar"). Such a message gets the rule first even
 * when it also reads as a complaint, or borrowed a word of danger ("he'll be deported, true?").
 */
export function asksAboutRule(nlu: NluResult, text: string): boolean {
  const e = nlu.entities;
  if ((e.topics?.length ?? 0) === 0) return false;
  if (e.claim === true) return true;
  return text.includes('?') && (e.modal !== undefined || e.yesno === true || (e.howMuch === true && e.byRule === true));
}

/**
 * Starts the answers or job-ad flow when the message is such a question; false otherwise.
 * @param intent the intent the bot would act on (confident), or null.
 */
export function routeQuestion(ctx: StepContext, confident: string | null): boolean {
  const nlu = ctx.nlu;
  const text = ctx.message?.text ?? '';
  if (!nlu || !text) return false;
  const e = nlu.entities;
  const intent = confident ?? (nlu.confidence >= HINT ? nlu.intent : null);
  const words = text.split(/\s+/).filter(Boolean).length;
  // A confident complaint, agency check or request for a person is not taken over, except a
  // complaint that asks about the rule or reports someone's claim about it: it gets the rule
  // first, and the answer offers the complaint.
  const asksRule = confident === 'complaint.new' && asksAboutRule(nlu, text);
  const questionLike = !confident || QUESTION_INTENTS.has(confident) || asksRule;
  const recent =
    ctx.session.context && ctx.deps.now - ctx.session.context.at <= CONTEXT_MS ? ctx.session.context : undefined;

  // A forwarded advert or recruiter message: red flags, not an answer about a topic.
  const quoted = /["“”]|'[^']{12,}'/.test(text);
  const scamQuestion = intent === 'faq.scam_signs' || e.topics?.includes('scams');
  // An advert names pay or a job; "sponsor bilang umurnya bisa diakalin" reports what a
  // recruiter said and asks about the rule, which the rule answers better.
  const adLike = quoted || (e.amounts?.length ?? 0) > 0 || e.job !== undefined;
  // A forwarded advert naming a company is checked as an advert (the check looks the company up).
  const forwardedAd = e.offer === true && quoted && confident === 'agency.check';
  // "sponsor blg gaji minimum di Doha cm 750 riyal, bener?" asks what the law sets, not whether
  // an advert is a scam: the wage rule answers it (and compares the amount with it).
  const namesTheRule = e.byRule === true && !quoted;
  // "LPK bilang ga usah tes bahasa, bener gak?", "umur aku 21, sponsor bilang bisa asal paspor
  // dibikin 23, bener?": whether a statement about the rule is true, or an age against the rule.
  const asksTruth = !quoted && (e.truthTag === true || e.topics?.[0] === 'age');
  if (
    (questionLike || forwardedAd) &&
    !namesTheRule &&
    !asksTruth &&
    words >= AD_MIN_WORDS &&
    !(MONEY_TOPICS.has(e.topics?.[0] ?? '') && !e.job && !quoted) &&
    ((scamQuestion && (quoted || (e.offer && adLike))) || (e.offer && quoted))
  ) {
    start(ctx, JOB_AD_FLOW, intent, { country: e.country ?? recent?.country });
    return true;
  }
  const topics = e.topics ?? [];
  const amounts = e.amounts ?? [];
  // "gmn cara cek agensi di hongkong itu punya lisensi?": an agency of the destination, which our
  // registry of Indonesian companies (PT, CV) does not hold; the destination's own licence rule
  // and register answer it.
  const foreignAgency =
    confident === 'agency.check' &&
    e.country !== undefined &&
    e.country !== 'ID' &&
    !e.company &&
    topics.includes(AGENCY_TOPIC);
  if (foreignAgency) {
    start(ctx, ANSWERS_FLOW, intent, {
      country: e.country,
      topics: [AGENCY_TOPIC, ...topics.filter((t) => t !== AGENCY_TOPIC)],
    });
    return true;
  }
  // The fee check: an amount asked or paid, with a fee topic or a costs question, or rupiah
  // asked for and whether that is fair when nothing else is asked ("PT minta 25jt buat
  // berangkat ke HK, wajar gk?").
  const fairCharge = e.modal === 'reasonable' && topics.length === 0 && amounts.some((a) => a.currency === 'IDR');
  if (
    amounts.length > 0 &&
    (topics.some((t) => FEE_TOPICS.has(t)) || intent === 'faq.costs' || fairCharge) &&
    (questionLike || e.yesno || text.includes('?'))
  ) {
    const topic = topics.find((t) => FEE_TOPICS.has(t)) ?? recent?.topic ?? (fairCharge ? 'placement_cost' : undefined);
    // What an Indonesian agency may charge is Indonesia's own rule when no country is named.
    const country =
      e.country ?? recent?.country ?? (topic === 'placement_cost' || e.homeInstitution ? 'ID' : undefined);
    start(ctx, ANSWERS_FLOW, intent, {
      country,
      topics: topic ? [topic, ...topics.filter((t) => t !== topic)] : topics,
    });
    return true;
  }
  // A follow-up: a short message naming another country or topic, right after an answer.
  const shortFollowUp = recent && (e.followUp || e.correction || words <= FOLLOW_UP_WORDS);
  if (shortFollowUp && questionLike && (e.country || topics.length > 0 || intent === 'faq.costs')) {
    const country = e.country ?? recent.country;
    const followTopics =
      topics.length > 0 ? topics : intent === 'faq.costs' ? ['agency_fee'] : recent.topic ? [recent.topic] : [];
    if (followTopics.length > 0) {
      start(ctx, ANSWERS_FLOW, intent, { country, topics: followTopics, job: e.job ?? recent.job });
      return true;
    }
  }
  // "Lapor ke mana? ada nomornya?": the number first, even when the message also reports a problem.
  const asking = e.yesno || text.includes('?');
  // "di Macau gak ada KBRI, lapor kemana?": where to report lists the mission too, not the reverse.
  const contact = CONTACT_ORDER.filter((t) => topics.includes(t));
  if (contact.length > 0 && asking && intent !== 'emergency' && !MONEY_TOPICS.has(topics[0] ?? '')) {
    // KP2MI answers complaints from anywhere: without a country, Indonesia's own lines.
    const country =
      e.country ??
      recent?.country ??
      (NEEDS_COUNTRY.has(contact[0] as string) && !ctx.deps.ruleAsked?.(text) ? undefined : 'ID');
    start(ctx, ANSWERS_FLOW, intent, { country, topics: [...contact, ...topics.filter((t) => !contact.includes(t))] });
    return true;
  }
  // A question on a destination topic. Without a country, a general question that one of the
  // curated safe-migration answers fits well goes there ("isi perjanjian kerja apa saja?");
  // otherwise the bot asks for the country, or answers from Indonesia's own rules.
  if (topics.length > 0 && questionLike) {
    let country = e.country ?? recent?.country;
    // "ada yg blg UU Indonesia larang umur di atas 40, bener?": a claim about Indonesia's own law.
    // (A claim, not any mention: "kontrak harus ada versi bahasa Indonesia?" asks about a destination.)
    if (!country && e.home && e.claim) country = 'ID';
    // "iuran BPJS TK brp?": Indonesia's own institution, Indonesia's own rule.
    if (!country && e.homeInstitution) country = 'ID';
    if (!country) {
      const topic = intent?.startsWith('faq.') ? intent : undefined;
      if (ctx.deps.faqBand?.(text, topic) === 'high') return false;
      if (!NEEDS_COUNTRY.has(topics[0] as string) || ctx.deps.ruleAsked?.(text)) country = 'ID';
      // A complaint is taken over for the rule it asks about, not for "which country?".
      else if (asksRule) return false;
    }
    start(ctx, ANSWERS_FLOW, intent, { country, topics });
    return true;
  }
  // "Majikan di Kowloon suruh aku tidur di dapur, boleh gk?": no topic word, but a rule of the
  // named country, or one of Indonesia's own ("calo bukan PT, bisa dipidana?"), answers it.
  if (topics.length === 0 && questionLike && (e.yesno || e.truthTag)) {
    const country = e.country ?? recent?.country;
    const faqTopic = intent?.startsWith('faq.') ? intent : undefined;
    // Without a destination, a curated safe-migration answer that fits well answers first.
    const curated = !country && ctx.deps.faqBand?.(text, faqTopic) === 'high';
    if (!curated && ctx.deps.ruleAsked?.(text, country)) {
      start(ctx, ANSWERS_FLOW, intent, { country: country ?? 'ID', topics: [] });
      return true;
    }
  }
  return false;
}

function start(
  ctx: StepContext,
  flow: string,
  intent: string | null,
  what: { country?: string | undefined; topics?: string[]; job?: string | undefined },
): void {
  const e = ctx.nlu?.entities ?? {};
  const slots: Record<string, unknown> = {
    ...questionSlots(ctx, what.topics),
    ...(what.country ? { country: what.country } : {}),
    ...((what.job ?? e.job) ? { job: what.job ?? e.job } : {}),
    ...(intent ? { intent } : {}),
    // A complaint answered with the rule first: the answer offers the complaint with its category
    // (a complaint only guessed at is not offered: "my sister is 19, agent says ok?" is a question).
    ...(intent === 'complaint.new' && e.category && (ctx.nlu?.confidence ?? 0) >= ctx.deps.settings.actThreshold
      ? { category: e.category }
      : {}),
  };
  ctx.intent = intent;
  ctx.session.lastIntent = intent;
  ctx.session.misunderstood = 0;
  const topic = (slots.topics as string[])[0];
  ctx.session.context = {
    ...(what.country ? { country: what.country } : {}),
    ...(topic ? { topic } : {}),
    ...(slots.job ? { job: slots.job as string } : {}),
    at: ctx.deps.now,
  };
  startFlow(ctx, flow, undefined, slots);
}

/** What the answers need of the message: its text, topics and the shape of the question. */
export function questionSlots(ctx: StepContext, topics?: string[]): Record<string, unknown> {
  const e = ctx.nlu?.entities ?? {};
  return {
    query: (ctx.message?.text ?? '').slice(0, 2000),
    topics: topics ?? e.topics ?? [],
    ...(e.yesno ? { yesno: true } : {}),
    ...(e.modal ? { modal: e.modal } : {}),
    ...(e.howMuch ? { howMuch: true } : {}),
    ...(e.paid || e.offer ? { wageOffer: true } : {}),
    ...(e.belowWeekly ? { belowWeekly: true } : {}),
    ...(e.restrictedClaim ? { restrictedClaim: true } : {}),
    ...(e.prohibitedClaim ? { prohibitedClaim: true } : {}),
    ...(e.limited ? { limited: true } : {}),
    ...(e.truthTag ? { truthTag: true } : {}),
    ...(e.reported ? { reported: true } : {}),
    ...(e.homeInstitution ? { homeInstitution: true } : {}),
    ...(e.amounts ? { amounts: e.amounts } : {}),
  };
}
