/**
 * The safe-migration answers as one piece for the composition: content, search, the FAQ
 * actions and the emergency contacts that fit a country.
 */
import type { Config } from './config.js';
import { loadFaqContent } from './content/faq-content.js';
import { createContactLines } from './destinations/contact-lines.js';
import type { DestinationSet } from './destinations/load-destinations.js';
import { createFaqActions } from './faq/faq-actions.js';
import type { FaqStats } from './faq/faq-stats.js';
import type { Translator } from './i18n/create-translator.js';
import { createFaqSearch } from './nlu/faq-search.js';
import type { Nlu } from './nlu/nlu-types.js';

export function createFaqModule(deps: {
  config: Config;
  translator: Translator;
  nlu: Nlu;
  stats: FaqStats;
  destinations: DestinationSet;
}) {
  const content = loadFaqContent({
    contentDir: `${deps.config.FLOWS_DIR}/content`,
    localesDir: deps.config.LOCALES_DIR,
  });
  const hide = deps.config.CONTENT_HIDE_UNVERIFIED;
  const search = createFaqSearch(content.answers, deps.nlu);
  const actions = createFaqActions({
    answers: content.answers,
    search,
    stats: deps.stats,
    t: deps.translator.t,
    hideUnverified: hide,
  });
  return {
    actions,
    band: (text: string, topic?: string) => search.search(text, topic ? { topic } : {}).band,
    stats: deps.stats,
    /** The destination's lines first, then the 24-hour Indonesian ones; suicide adds crisis lines. */
    emergencyContacts: createContactLines({
      destinations: deps.destinations,
      contacts: content.emergencyContacts,
      t: deps.translator.t,
      hideUnverified: hide,
    }),
  };
}
