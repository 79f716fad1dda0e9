/**
 * What the worker is told about the handover, honestly: the expected wait when staff are
 * working; outside hotline hours, or when nobody took the conversation in time, when to
 * expect an answer, with the emergency numbers that fit.
 */

import type { OutgoingMessage } from '../core/messages.js';
import type { Lang } from '../i18n/create-translator.js';
import type { HotlineClock } from './hotline-hours.js';

export interface NoticeDeps {
  t: (lang: Lang, key: string, params?: Record<string, string | number>) => string;
  clock: HotlineClock;
  /** `HOTLINE_HOURS` as shown to users ("08:00-20:00"). */
  hoursText: string;
  slaMinutes: number;
  /** Emergency contact keys for a country. */
  emergencyContacts: (lang: Lang, request: { country?: string | undefined; suicide: boolean }) => string[];
}

export function createUserNotices(deps: NoticeDeps) {
  const { t, clock } = deps;

  function withContacts(lang: Lang, text: string, country: string | undefined): OutgoingMessage {
    const lines = deps.emergencyContacts(lang, { country, suicide: false }).map((line) => `• ${line}`);
    if (lines.length === 0) return { text };
    return { text: `${text}\n${t(lang, 'handover.emergency_hint')}\n${lines.join('\n')}` };
  }

  return {
    /** Right after the handover. `contactsShown`: the same reply already lists the emergency numbers. */
    queued(lang: Lang, at: number, country: string | undefined, contactsShown: boolean): OutgoingMessage[] {
      if (clock.isOpen(at)) return [{ text: t(lang, 'handover.queued', { minutes: deps.slaMinutes }) }];
      const text = t(lang, 'handover.out_of_hours', {
        hours: deps.hoursText,
        when: clock.describe(clock.nextOpening(at), lang),
      });
      return [contactsShown ? { text } : withContacts(lang, text, country)];
    },
    /** Nobody took the conversation within the SLA. */
    overdue(lang: Lang, at: number, country: string | undefined): OutgoingMessage[] {
      const until = clock.closesAt(at);
      let text: string;
      if (!clock.isOpen(at))
        text = t(lang, 'handover.overdue_closed', { when: clock.describe(clock.nextOpening(at), lang) });
      else if (until === null) text = t(lang, 'handover.overdue_always');
      else text = t(lang, 'handover.overdue_open', { until: clock.clockTime(until) });
      return [withContacts(lang, text, country)];
    },
  };
}

export type UserNotices = ReturnType<typeof createUserNotices>;
