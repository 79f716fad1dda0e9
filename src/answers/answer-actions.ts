/**
 * Actions of the `answers` and `job-ad` flows: an answer from topic x destination (with the
 * fee check), its details, the job-ad check, and "Laporkan iklan ini" for staff.
 */
import type { AgencyRegistry } from '../agencies/agency-registry.js';
import { extractAgencyQuery } from '../agencies/extract-agency-query.js';
import type { ActionHandler, Language, SayItem } from '../core/action-types.js';
import type { Job } from '../destinations/destination-schema.js';
import type { DestinationSet } from '../destinations/load-destinations.js';
import type { Amount } from '../nlu/amounts.js';
import { CONTACT_TOPICS, type createDestinationAnswers } from './destination-answers.js';
import type { createJobAdCheck } from './job-ad-check.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const amountsOf = (v: unknown): Amount[] =>
  Array.isArray(v) ? v.filter((a): a is Amount => typeof a?.value === 'number' && Number.isFinite(a.value)) : [];

const MAX_AD_CHARS = 2000;
const MAX_REASONS = 4;
/** Lines of an answer given beside the emergency lines: the verdict and the rule. */
const BRIEF_LINES = 3;

export interface JobAdReports {
  /** Keeps a reported advert for staff (and posts it to the staff group when there is one). */
  report(ad: { text: string; verdict: string; country?: string; channel: string; lang: Language }): Promise<void>;
}

export function createAnswerActions(deps: {
  answers: ReturnType<typeof createDestinationAnswers>;
  checkAd: ReturnType<typeof createJobAdCheck>;
  destinations: DestinationSet;
  registry: Pick<AgencyRegistry, 'lookup'>;
  reports: JobAdReports;
  hideUnverified?: boolean;
}): Record<string, ActionHandler> {
  const ask = (ctx: Parameters<ActionHandler>[0], country: string) => {
    const s = ctx.slots;
    return deps.answers({
      lang: ctx.lang,
      country,
      topics: list(s.topics),
      job: str(s.job) || undefined,
      yesno: s.yesno === true,
      modal: str(s.modal) || undefined,
      howMuch: s.howMuch === true,
      wageOffer: s.wageOffer === true,
      belowWeekly: s.belowWeekly === true,
      restrictedClaim: s.restrictedClaim === true,
      prohibitedClaim: s.prohibitedClaim === true,
      limited: s.limited === true,
      truthTag: s.truthTag === true,
      reported: s.reported === true,
      homeInstitution: s.homeInstitution === true,
      amounts: amountsOf(s.amounts),
      query: str(s.query),
    });
  };
  return {
    /**
     * After the emergency lines, the plain answer to the question the message also asked ("anakku
     * 17, sponsor bilang umurnya bisa dituain, aman?" hears that the minimum is 18): a few lines,
     * no offer of details (the emergency flow calls it only for a message that asks). Nothing
     * when no rule answers it.
     */
    async answerBrief(ctx) {
      const s = ctx.slots;
      const topics = list(s.topics);
      if (topics.length === 0) return { outcome: 'none' };
      // Without a country the emergency lines already name Indonesia's own numbers.
      if (!str(s.country) && CONTACT_TOPICS.has(topics[0] as string)) return { outcome: 'none' };
      // Indonesia's own rules (age, papers, official routes) hold wherever the person is going.
      // Beside the emergency lines a failure must cost nothing but the extra lines.
      let answer: ReturnType<typeof ask>;
      try {
        answer = ask(ctx, str(s.country) || 'ID');
      } catch {
        return { outcome: 'none' };
      }
      if (answer.outcome !== 'answered' || answer.overcharged) return { outcome: 'none' };
      const text = answer.text.split('\n').slice(0, BRIEF_LINES).join('\n');
      return { outcome: 'answered', say: [{ key: 'answers.text', params: { text } }] };
    },

    async answerQuestion(ctx) {
      const answer = ask(ctx, str(ctx.slots.country));
      if (answer.outcome !== 'answered') return { outcome: answer.outcome };
      return {
        outcome: answer.overcharged ? 'overcharged' : answer.breach ? 'breach' : 'answered',
        value: {
          more: answer.more ?? '',
          topic: answer.topic ?? '',
          ...(answer.breach ? { category: answer.breach.category } : {}),
          ...(answer.overcharged ? { overcharged: answer.overcharged } : {}),
        },
        say: [{ key: 'answers.text', params: { text: answer.text } }],
      };
    },

    async answerMore(ctx) {
      const more = str(ctx.params.more);
      return more ? { outcome: 'ok', say: [{ key: 'answers.text', params: { text: more } }] } : { outcome: 'none' };
    },

    async checkJobAd(ctx) {
      const text = str(ctx.slots.query).slice(0, MAX_AD_CHARS);
      const country = str(ctx.slots.country);
      const name = extractAgencyQuery(text);
      let agency: 'licensed' | 'not_found' | undefined;
      if (name && /\b(pt|cv|p3mi|sdn bhd|agency|agensi)\b/i.test(text)) {
        const found = await deps.registry.lookup(name).catch(() => null);
        if (found?.status === 'ok') {
          if (found.result.kind === 'found')
            agency = found.result.agency.status === 'active' ? 'licensed' : 'not_found';
          else if (found.result.kind === 'none') agency = 'not_found';
        }
      }
      const result = deps.checkAd({
        text,
        lang: ctx.lang,
        destination: deps.destinations.get(country),
        job: (str(ctx.slots.job) || 'domestic') as Job,
        amounts: amountsOf(ctx.slots.amounts),
        agency,
      });
      const reasons = result.findings
        .filter((f) => f.weight > 0)
        .slice(0, MAX_REASONS)
        .map((f) => `• ${f.reason}`);
      const good = result.findings.filter((f) => f.weight < 0).map((f) => `• ${f.reason}`);
      const say: SayItem[] = [{ key: `answers.ad.${result.verdict}` }];
      if (reasons.length > 0) say.push({ key: 'answers.text', params: { text: reasons.join('\n') }, append: true });
      if (good.length > 0) say.push({ key: 'answers.ad.good_signs', params: { signs: good.join('\n') }, append: true });
      say.push({ key: 'answers.ad.advice', append: true });
      // The official route to that destination, so the reader knows what a real offer looks like.
      const route = deps.destinations
        .get(country)
        ?.facts.find((f) => f.topic === 'channels' && !(deps.hideUnverified && f.verify));
      if (route) say.push({ key: 'answers.ad.official_route', params: { text: route.short[ctx.lang] }, append: true });
      // Where to ask before paying or leaving: KP2MI's line answers about any offer.
      const line = deps.destinations.get('ID')?.labourHotlines[0];
      if (line && result.verdict !== 'official_signs')
        say.push({
          key: 'answers.ad.ask_first',
          params: { name: line.name[ctx.lang], number: line.number },
          append: true,
        });
      return { outcome: result.verdict, value: { verdict: result.verdict, score: result.score }, say };
    },

    async reportJobAd(ctx) {
      const text = str(ctx.slots.query).slice(0, MAX_AD_CHARS);
      if (!text) return { outcome: 'none' };
      await deps.reports.report({
        text,
        verdict: str((ctx.slots.ad as { verdict?: unknown } | undefined)?.verdict),
        ...(str(ctx.slots.country) ? { country: str(ctx.slots.country) } : {}),
        channel: ctx.channel,
        lang: ctx.lang,
      });
      return { outcome: 'ok', say: [{ key: 'answers.ad.reported' }] };
    },
  };
}
