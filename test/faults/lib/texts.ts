/** The bot's own texts the suite recognises, rendered from the real locales. */
import { createTranslator, LANGUAGES, loadLocales } from '../../../src/i18n/create-translator.js';

export const translator = createTranslator(loadLocales('locales'));

/** Texts that tell the user something went wrong on our side (an apology, honest, with a way on). */
export const APOLOGY_KEYS = [
  'common.action_failed',
  'common.error_reset',
  'common.session_reset',
  'common.flow_updated',
  'common.form_expired',
  'complaint.not_saved',
];

const apologyHeads = APOLOGY_KEYS.flatMap((key) =>
  LANGUAGES.map((lang) => translator.t(lang, key).slice(0, 40)).filter((s) => s && !s.includes('{{')),
);

const spoolHeads = LANGUAGES.map((lang) => translator.t(lang, 'complaint.spooled').slice(0, 40));

export function isSpoolNotice(texts: string[]): boolean {
  return texts.some((text) => spoolHeads.some((head) => text.startsWith(head)));
}

export function isApology(texts: string[]): boolean {
  return texts.some((text) => apologyHeads.some((head) => text.startsWith(head)));
}

const STATUSES = ['received', 'in_review', 'referred', 'resolved', 'closed'] as const;

/** True when a reply is the status of `ticket` (any status), as the same chat gets it. */
export function isStatusOf(texts: string[], ticket: string, category = 'unpaid_wages'): boolean {
  const heads = LANGUAGES.flatMap((lang) =>
    STATUSES.map((s) => {
      const full = translator.t(lang, `complaint.status_line.${s}`, {
        ticket,
        category: translator.t(lang, `complaint.category.${category}`),
        date: '\u0000',
      });
      return full.slice(0, full.indexOf('\u0000'));
    }),
  );
  return texts.some((text) => heads.some((head) => head.length > 0 && text.startsWith(head)));
}
