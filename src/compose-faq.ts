/**
 * The safe-migration answers as one piece for the composition: content, search, the FAQ
 * actions and the emergency contacts that fit a country.
 */
import type { Config } from './config.js';
import { loadFaqContent } from './content/faq-content.js';
import { createFaqActions } from './faq/faq-actions.js';
import type { FaqStats } from './faq/faq-stats.js';
import type { Translator } from './i18n/create-translator.js';
import { createFaqSearch } from './nlu/faq-search.js';
import type { Nlu } from './nlu/nlu-types.js';

export function createFaqModule(deps: { config: Config; translator: Translator; nlu: Nlu; stats: FaqStats }) {
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
  const contacts = content.emergencyContacts;
  const verify = new Set(contacts.verify ?? []);
  const keep = (keys: readonly string[]) => keys.filter((k) => !(hide && verify.has(k)));
  return {
    actions,
    band: (text: string) => search.search(text).band,
    stats: deps.stats,
    /** Country-specific lines first, then the general ones; suicide adds mental-health lines. */
    emergencyContacts(country: string | undefined, suicide: boolean): string[] {
      const byCountry = country ? keep(contacts.countries?.[country] ?? []) : [];
      const list = [...(suicide ? keep(contacts.suicide ?? []) : []), ...byCountry, ...keep(contacts.default)];
      return [...new Set(list)];
    },
  };
}
