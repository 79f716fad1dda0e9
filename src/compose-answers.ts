/**
 * The destination answers as one piece for the composition: topic x destination answers with
 * the fee check, the job-ad check and the reported-ads store.
 */
import type { AgencyRegistry } from './agencies/agency-registry.js';
import { createAnswerActions } from './answers/answer-actions.js';
import { createDestinationAnswers } from './answers/destination-answers.js';
import { createFactFinder } from './answers/fact-finder.js';
import { createJobAdCheck } from './answers/job-ad-check.js';
import { createJobAdReports } from './answers/job-ad-reports.js';
import { loadJobAdRules } from './answers/job-ad-rules.js';
import { loadBreachCategories } from './answers/load-breach-categories.js';
import { loadRates } from './answers/load-rates.js';
import type { DestinationSet } from './destinations/load-destinations.js';
import type { Translator } from './i18n/create-translator.js';
import type { Nlu } from './nlu/nlu-types.js';
import type { RedisClient } from './redis.js';

const ANSWERS_DIR = 'data/answers';

export function createAnswersModule(deps: {
  destinations: DestinationSet;
  nlu: Nlu;
  translator: Translator;
  registry: Pick<AgencyRegistry, 'lookup'>;
  redis: RedisClient;
  prefix: string;
  hideUnverified: boolean;
  notifyStaff?: (text: string) => Promise<void>;
}) {
  const matcher = deps.nlu.matcher ?? (() => () => false);
  const phraseMatch = deps.nlu.phraseMatch ?? (() => () => null);
  const t = deps.translator.t;
  const finder = createFactFinder({
    destinations: deps.destinations,
    phraseMatch,
    hideUnverified: deps.hideUnverified,
  });
  const answers = createDestinationAnswers({
    destinations: deps.destinations,
    t,
    phraseMatch,
    finder,
    hideUnverified: deps.hideUnverified,
    breachCategories: loadBreachCategories(`${ANSWERS_DIR}/breach-categories.yaml`),
  });
  const checkAd = createJobAdCheck({
    rules: loadJobAdRules(`${ANSWERS_DIR}/job-ad-rules.yaml`),
    matcher,
    idrPerUnit: loadRates(`${ANSWERS_DIR}/rates.yaml`),
  });
  const reports = createJobAdReports({
    redis: deps.redis,
    prefix: deps.prefix,
    ...(deps.notifyStaff ? { notifyStaff: deps.notifyStaff } : {}),
    staffLine: (ad) =>
      t('id', 'staff.job_ad_reported', { verdict: ad.verdict || '?', country: ad.country ?? '?', text: ad.text }),
  });
  const home = deps.destinations.get('ID');
  /**
   * One of the yes/no phrases of a rule fits the question: Indonesia's own (which hold wherever
   * the worker goes, and answer a question with no country: "PT bilang kontrak ditandatangani
   * nanti di sana, wajar?", "perlu lapor diri ke KBRI?"), or the named destination's.
   */
  const ruleAsked = (text: string, country?: string) => {
    const d = country ? deps.destinations.get(country) : undefined;
    return [home, d].some((x) => x !== undefined && finder.bestYesNoIn(x.facts, text) !== undefined);
  };
  return {
    ruleAsked,
    actions: createAnswerActions({
      answers,
      checkAd,
      destinations: deps.destinations,
      registry: deps.registry,
      reports,
      hideUnverified: deps.hideUnverified,
    }),
  };
}
