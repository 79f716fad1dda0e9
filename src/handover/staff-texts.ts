/**
 * Everything the staff group reads, rendered in the staff language from
 * `locales/<lang>/staff.json`: topic names, summary cards, relay lines and case cards.
 * Pure. Topic names carry a pseudonym, never a number or a name.
 */
import type { CaseSummary } from '../complaints/complaint-schema.js';
import type { Lang } from '../i18n/create-translator.js';
import type { HotlineClock } from './hotline-hours.js';
import { quoteWorkerText } from './quote-worker-text.js';
import type { HistoryEntry } from './relay-history.js';
import type { HandoverRecord } from './relay-store.js';

export interface StaffTextDeps {
  t: (lang: Lang, key: string, params?: Record<string, string | number>) => string;
  /** Keys missing in a locale (so an unknown reason or category shows its raw id). */
  missingIn: (key: string) => string[];
  lang: Lang;
  clock: HotlineClock;
}

const TOPIC_NAME_MAX = 128;

export interface StaffTexts {
  topicName(record: HandoverRecord): string;
  card(record: HandoverRecord, history: HistoryEntry[], reopened: boolean): string;
  historyLine(entry: HistoryEntry): string;
  mediaLabel(kind: string): string;
  locationLine(latitude: number, longitude: number): string;
  line(key: string, params?: Record<string, string | number>): string;
  caseTopicName(summary: CaseSummary): string;
  caseCard(summary: CaseSummary): string;
  caseLine(summary: CaseSummary): string;
  reasonLabel(reason: string): string;
  /** Local `HH:MM` in the hotline's time zone. */
  time(at: number): string;
  channelLabel(channel: string): string;
  help(): string;
}

export function createStaffTexts(deps: StaffTextDeps): StaffTexts {
  const { lang, clock } = deps;
  const t = (key: string, params?: Record<string, string | number>) => deps.t(lang, key, params);
  const has = (key: string) => deps.missingIn(key).length === 0;
  const label = (key: string, raw: string) => (has(key) ? t(key) : raw);
  const reasonLabel = (reason: string) => label(`staff.reason.${reason}`, reason);
  const country = (c: string | undefined) => (c && /^[A-Z]{2}$/.test(c) ? c : t('staff.no_country'));
  const marks = (r: HandoverRecord) =>
    `${r.urgent ? '🔴 ' : ''}${r.suicide ? '🆘 ' : ''}${r.overdueAt !== undefined && !r.takenById ? '⏰ ' : ''}`;
  const categoryLabel = (c: string) => label(`complaint.category.${c}`, c);
  const time = (at: number) => clock.clockTime(at);

  function historyLine(entry: HistoryEntry): string {
    // The worker's own words are quoted; the bot's and staff's lines are not theirs to forge.
    const said = entry.text && entry.role === 'user' ? quoteWorkerText(entry.text) : entry.text;
    const text = entry.media ? `${mediaLabel(entry.media)}${said ? ` ${said}` : ''}` : (said ?? '');
    return t(`staff.line.${entry.role}`, { time: time(entry.at), text });
  }

  function mediaLabel(kind: string): string {
    return label(`staff.media.${kind}`, `[${kind}]`);
  }

  return {
    topicName(r) {
      const name = t('staff.topic', {
        marks: marks(r),
        pseudonym: r.pseudonym,
        country: country(r.country),
        reason: reasonLabel(r.reason),
      });
      return name.slice(0, TOPIC_NAME_MAX);
    },
    card(r, history, reopened) {
      const lines = [
        t('staff.card.title', { marks: marks(r), pseudonym: r.pseudonym }),
        ...(reopened ? [t('staff.card.reopened')] : []),
        t('staff.card.details', {
          channel: label(`staff.channel.${r.channel}`, r.channel),
          language: label(`staff.language.${r.lang}`, r.lang),
          country: country(r.country),
        }),
        t('staff.card.reason', { reason: reasonLabel(r.reason) }),
        ...(r.category ? [t('staff.card.category', { category: categoryLabel(r.category) })] : []),
        ...(r.suicide ? [t('staff.card.suicide')] : []),
        ...(r.media ? [t('staff.card.media', { kind: mediaLabel(r.media) })] : []),
        ...(r.urgent ? [t('staff.card.urgent')] : []),
        t('staff.card.since', { time: clock.describe(r.since, lang) }),
        ...(r.outOfHours
          ? [t('staff.card.out_of_hours', { when: clock.describe(clock.nextOpening(r.since), lang) })]
          : []),
        ...(r.ticket ? [t('staff.card.ticket', { ticket: r.ticket })] : []),
        '',
        t('staff.card.history'),
        ...(history.length > 0 ? history.map(historyLine) : [t('staff.card.no_history')]),
        '',
        t('staff.card.hint'),
      ];
      return lines.join('\n');
    },
    historyLine,
    mediaLabel,
    locationLine: (latitude, longitude) =>
      t('staff.media.location', { url: `https://maps.google.com/?q=${latitude.toFixed(5)},${longitude.toFixed(5)}` }),
    line: (key, params) => t(`staff.line.${key}`, params),
    caseTopicName: (s) =>
      t('staff.case_topic', {
        marks: s.urgent ? '🔴 ' : '',
        ticket: s.ticket,
        country: country(s.country),
        category: categoryLabel(s.category),
      }).slice(0, TOPIC_NAME_MAX),
    caseCard(s) {
      const card = t('staff.case', {
        marks: s.urgent ? '🔴 ' : '',
        ticket: s.ticket,
        category: categoryLabel(s.category),
        country: country(s.country),
        reporter: label(`complaint.reporter.${s.reporter}`, s.reporter),
        channel: label(`staff.channel.${s.channel}`, s.channel),
        language: label(`staff.language.${s.language}`, s.language),
        attachments: s.attachments,
      });
      return s.urgent ? `${card}\n${t('staff.case_urgent')}` : card;
    },
    caseLine: (s) =>
      t('staff.line.case_in_topic', {
        ticket: s.ticket,
        category: categoryLabel(s.category),
        country: country(s.country),
      }),
    reasonLabel,
    time,
    channelLabel: (channel) => label(`staff.channel.${channel}`, channel),
    help: () => t('staff.help'),
  };
}
