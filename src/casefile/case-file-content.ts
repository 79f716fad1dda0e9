/**
 * What a referral case file says, as data: summary, the worker's account (personal only),
 * a dated chronology from the complaint, status history, staff notes and case requests, the
 * evidence received, the referral checklist and the consent statement. Built first and
 * rendered second, so the integrity signature covers exactly what the PDF shows.
 */
import { createHmac } from 'node:crypto';
import type { CaseEvent } from '../complaints/case-events.js';
import type { CaseRecord } from '../complaints/complaint-schema.js';
import { ERASED_TEXT } from '../privacy/strip-case.js';
import { formatDayTime } from '../zoned-time.js';
import { type Checklist, type ChecklistItem, checklistFor } from './referral-checklist.js';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface CaseFileContent {
  ticket: string;
  title: string;
  subtitle: string;
  personal: boolean;
  summary: [label: string, value: string][];
  /** The worker's account, or the line saying where it is. */
  story: string;
  chronology: { at: string; sortKey: number; text: string }[];
  evidence: string[];
  checklist: ChecklistItem[];
  checklistNote: string;
  consent: string;
}

export interface CaseFileOptions {
  withPersonal: boolean;
  timeZone: string;
  lang: 'id' | 'en';
  /** Texts in `lang`, full keys (`casefile.title`). */
  t: Translate;
  now: number;
  /** The next-step deadline (epoch ms), when the case has one. */
  deadline?: number | null;
}

export function buildCaseFileContent(
  record: CaseRecord,
  events: CaseEvent[],
  checklist: Checklist,
  o: CaseFileOptions,
): CaseFileContent {
  const { t, lang } = o;
  const c = record.complaint;
  const when = (at: string | number) => formatDayTime(at, lang, o.timeZone);
  const label = (key: string) => t(`casefile.field.${key}`);
  const status = (s: string) => t(`complaint.status_label.${s}`);
  const category = t(`complaint.category.${c.category}`);
  const personal = o.withPersonal;

  const summary: [string, string][] = [
    [label('ticket'), record.ticket],
    [label('status'), status(record.status)],
    [label('category'), category],
    [label('country'), c.country],
    [label('reporter'), t(`complaint.reporter.${c.reporter}`)],
    [label('urgent'), c.urgent ? label('yes') : label('no')],
    [label('filed'), when(c.createdAt)],
    [label('deadline'), o.deadline ? when(o.deadline) : label('none')],
    [label('channel'), c.channel],
  ];
  if (personal) {
    summary.push(
      [label('agency'), c.agencyName ?? label('none')],
      [label('employer'), c.employerName ?? label('none')],
      [label('contact'), [c.contact.method, c.contact.value, c.contact.safeTime].filter(Boolean).join(' · ')],
    );
  }

  const chronology: CaseFileContent['chronology'] = [];
  const add = (at: string, text: string) => chronology.push({ at: when(at), sortKey: Date.parse(at), text });
  add(
    c.createdAt,
    t('casefile.event.filed', {
      category,
      country: c.country,
      reporter: t(`complaint.reporter.${c.reporter}`),
      attachments: c.attachments.length,
    }),
  );
  // The first history entry is the filing itself, already told above.
  for (const h of record.history.slice(1)) {
    const by = h.by ? ` (${h.by})` : '';
    add(h.at, t('casefile.event.status', { status: status(h.status), by }));
    if (personal && h.note) add(h.at, t('casefile.event.note', { note: h.note }));
  }
  if (record.takenAt) add(record.takenAt, t('casefile.event.taken'));
  for (const e of events) {
    if (e.kind === 'request') {
      add(e.at, personal ? t('casefile.event.request', { text: e.text }) : t('casefile.event.request_hidden'));
    } else {
      const count = e.attachments.length;
      add(
        e.at,
        personal && e.text
          ? t('casefile.event.answer', { text: e.text, count })
          : t('casefile.event.answer_hidden', { count }),
      );
    }
  }
  chronology.sort((a, b) => a.sortKey - b.sortKey);

  const evidence: string[] = [];
  const evidenceLine = (at: string, kind: string, name: string | undefined, source: 'complaint' | 'answer') =>
    t('casefile.evidence_line', {
      date: when(at),
      kind,
      name: personal && name ? ` "${name}"` : '',
      source: t(`casefile.evidence_source.${source}`),
    });
  for (const a of c.attachments) evidence.push(evidenceLine(c.createdAt, a.kind, undefined, 'complaint'));
  for (const e of events) {
    if (e.kind !== 'answer') continue;
    for (const a of e.attachments) evidence.push(evidenceLine(e.at, a.kind, a.fileName, 'answer'));
  }

  const erased = c.description === ERASED_TEXT;
  return {
    ticket: record.ticket,
    title: t('casefile.title', { ticket: record.ticket }),
    subtitle: t('casefile.subtitle', {
      date: when(o.now),
      personal: personal ? t('casefile.personal_yes') : t('casefile.personal_no'),
    }),
    personal,
    summary,
    story: personal && !erased ? c.description : erased ? t('casefile.erased') : t('casefile.story_hidden'),
    chronology,
    evidence: evidence.length > 0 ? evidence : [t('casefile.evidence_none')],
    checklist: checklistFor(checklist, c.category, events, lang),
    checklistNote: t('casefile.checklist_note'),
    consent: erased
      ? t('casefile.erased')
      : c.consent
        ? t('casefile.consent', { date: when(c.createdAt) })
        : t('casefile.consent_missing'),
  };
}

/** HMAC-SHA256 (hex) over the content as JSON: what the file shows, in a stable order. */
export function signCaseFile(content: CaseFileContent, secret: string): string {
  return createHmac('sha256', secret).update(JSON.stringify(content)).digest('hex');
}
