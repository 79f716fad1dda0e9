/**
 * The named actions the complaint flows call (flows/complaint.yaml, flows/complaint-status.yaml).
 * Every expected failure is an outcome with a truthful text; nothing here throws on bad input.
 */
import type { ActionHandler, ActionResult, Language, SayItem } from '../core/action-types.js';
import type { Logger } from '../logger.js';
import { formatDay, formatDayTime } from '../zoned-time.js';
import type { DeadlinePolicy } from './case-deadlines.js';
import type { CaseGroups } from './case-groups.js';
import type { CaseStore, StatusCheck } from './case-store.js';
import { buildComplaint, type DraftIdentity, readDraftIdentity } from './complaint-draft.js';
import { findTicket, newComplaintId, newPin, newTicket } from './complaint-ids.js';
import type { ComplaintIntake } from './complaint-intake.js';
import { complaintCategorySchema } from './complaint-schema.js';
import { normalizeContactNumber } from './contact-number.js';

export type Translate = (lang: Language, key: string, params?: Record<string, string | number>) => string;

export interface ComplaintActionDeps {
  intake: ComplaintIntake;
  cases: CaseStore;
  /** Renders labels (category, reporter, country) that go into texts as parameters. */
  t: Translate;
  logger: Logger;
  /** HOTLINE_TIMEZONE: dates users read are the hotline's days, like the agency answers'. Default Asia/Jakarta. */
  timeZone?: string;
  /** RETENTION_DAYS, told to the user in the consent question. Default 365. */
  retentionDays?: number;
  /** Next-step deadlines: told at filing and on every status check. */
  deadlines?: DeadlinePolicy;
  /** Group complaints: the join code at filing, the headcount on status checks. */
  groups?: Pick<CaseGroups, 'codeFor' | 'headcount'>;
}

export interface ComplaintActions {
  /** Flow start: the complaint's id, ticket and PIN (kept in the slot, so a retried confirmation reuses them). */
  prepareComplaint: ActionHandler;
  /** Sends the summary before confirmation, or names the first missing answer (`missing_<field>`). */
  summarizeComplaint: ActionHandler;
  /** Validates and submits: `queued` | `spooled` | `invalid` | `error`; value `{ ticket, urgent }`. */
  submitComplaint: ActionHandler;
  /** `found` | `need_pin` | `not_found` | `invalid_code` | `no_code` | `limited` | `unavailable` | `listed` | `none`. */
  checkComplaintStatus: ActionHandler;
  /** params `number`, `country`: `ok` with the E.164 number as value, or `invalid` (value null). */
  normalizeContactNumber: ActionHandler;
}

const COUNTRY_OVERRIDES: Record<string, Record<string, string>> = { id: { HK: 'Hong Kong', MO: 'Makau' } };

export function countryName(code: string, lang: Language): string {
  const override = COUNTRY_OVERRIDES[lang]?.[code];
  if (override) return override;
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

export function createComplaintActions(deps: ComplaintActionDeps): ComplaintActions {
  const { intake, cases, t, logger } = deps;
  const timeZone = deps.timeZone ?? 'Asia/Jakarta';
  const say = (key: string, params?: Record<string, string | number>, conceal?: string[]): SayItem => ({
    key: `complaint.${key}`,
    ...(params ? { params } : {}),
    ...(conceal ? { conceal } : {}),
  });
  const categoryLabel = (lang: Language, c: string) => t(lang, `complaint.category.${c}`);
  /** The deadline line: a passed deadline is said plainly, never hidden. */
  const deadlineSay = (lang: Language, at: number | string | undefined, now: number): SayItem[] => {
    if (at === undefined) return [];
    const ms = typeof at === 'number' ? at : Date.parse(at);
    if (!Number.isFinite(ms)) return [];
    // Workers live in another zone than the hotline: the zone's name keeps "23.59" from being misread.
    const zone = new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { timeZone, timeZoneName: 'short' })
      .formatToParts(ms)
      .find((p) => p.type === 'timeZoneName')?.value;
    const date = `${formatDayTime(ms, lang, timeZone)}${zone ? ` ${zone}` : ''}`;
    return [say(ms < now ? 'deadline_passed' : 'deadline_next', { date })];
  };

  const identityOf = (slots: Readonly<Record<string, unknown>>): DraftIdentity | null => readDraftIdentity(slots.draft);

  const prepareComplaint: ActionHandler = async (ctx) => {
    const identity = identityOf(ctx.slots) ?? { id: newComplaintId(), ticket: newTicket(), pin: newPin() };
    // "other" is no guess worth confirming ("Sepertinya masalahnya: Lainnya?"): ask the list.
    const category = complaintCategorySchema.exclude(['other']).safeParse(ctx.slots.category);
    return {
      outcome: 'ok',
      value: {
        ...identity,
        categoryKnown: category.success,
        categoryLabel: category.success ? categoryLabel(ctx.lang, category.data) : '',
        // The consent says how long personal details are kept (docs/privacy.md).
        retentionDays: deps.retentionDays ?? 365,
      },
    };
  };

  const summarizeComplaint: ActionHandler = async (ctx) => {
    const identity = identityOf(ctx.slots) ?? { id: newComplaintId(), ticket: newTicket(), pin: newPin() };
    const built = buildComplaint(ctx.slots, { identity, channel: ctx.channel, lang: ctx.lang, now: ctx.now });
    if (!built.ok) return { outcome: `missing_${built.missing}`, say: [say('missing')] };
    const c = built.complaint;
    const lang = ctx.lang;
    const description = c.description.length > 300 ? `${c.description.slice(0, 300)}…` : c.description;
    const contactLabel = t(lang, `complaint.contact_method.${c.contact.method}`);
    const contactDetail = c.contact.value ?? c.contact.safeTime;
    return {
      outcome: 'ok',
      value: { urgent: c.urgent },
      say: [
        say('summary', {
          category: categoryLabel(lang, c.category),
          reporter: t(lang, `complaint.reporter.${c.reporter}`),
          country: countryName(c.country, lang),
          description,
          party: c.agencyName ?? c.employerName ?? t(lang, 'complaint.summary_unknown'),
          contact: contactDetail ? `${contactLabel} (${contactDetail})` : contactLabel,
          evidence: t(lang, 'complaint.evidence_files', { count: c.attachments.length }),
        }),
      ],
    };
  };

  const submitComplaint: ActionHandler = async (ctx) => {
    let identity = identityOf(ctx.slots);
    if (!identity) {
      // The flow always prepares one; without it a double confirmation could file twice.
      logger.warn({ flow: 'complaint' }, 'submitComplaint without a prepared draft identity');
      identity = { id: newComplaintId(), ticket: newTicket(), pin: newPin() };
    }
    const built = buildComplaint(ctx.slots, { identity, channel: ctx.channel, lang: ctx.lang, now: ctx.now });
    if (!built.ok) return { outcome: 'invalid', say: [say('missing')] };
    const result = await intake.submit({ complaint: built.complaint, userId: ctx.userId, pin: identity.pin });
    const urgent = built.complaint.urgent;
    switch (result.status) {
      case 'queued':
      case 'spooled': {
        const params = { ticket: result.ticket, pin: result.pin };
        const c = built.complaint;
        const due = deps.deadlines?.deadlineOf({ ...c, status: 'received', since: c.createdAt }) ?? undefined;
        const code = await deps.groups?.codeFor(result.ticket).catch((err: unknown) => {
          logger.warn({ err: (err as Error).message }, 'join code not made');
          return undefined;
        });
        return {
          outcome: result.status,
          committed: true,
          value: { ticket: result.ticket, status: result.status, urgent },
          say: [
            // The PIN is shown once; the relay history and the staff card keep it masked.
            say(result.status === 'queued' ? 'submitted' : 'spooled', params, ['pin']),
            ...deadlineSay(ctx.lang, due, ctx.now),
            say('next_steps'),
            ...(code ? [say('join_code', { code })] : []),
            say('closure_rule'),
          ],
        };
      }
      case 'invalid':
        logger.warn({ problems: result.problems }, 'complaint failed validation at submit');
        return { outcome: 'invalid', say: [say('missing')] };
      case 'failed':
        return { outcome: 'error', value: { urgent }, say: [say('not_saved')] };
    }
  };

  function statusSay(lang: Language, check: StatusCheck, now: number): ActionResult {
    switch (check.outcome) {
      case 'found':
        return {
          outcome: 'found',
          value: { ticket: check.ticket, status: check.status },
          say: [
            say(`status_line.${check.status}`, {
              ticket: check.ticket,
              category: categoryLabel(lang, check.category),
              date: check.updatedAt ? formatDay(check.updatedAt, lang, timeZone) : '',
            }),
            ...deadlineSay(lang, check.deadline, now),
          ],
        };
      case 'need_pin':
        return { outcome: 'need_pin', value: { ticket: check.ticket } };
      case 'not_found':
        return { outcome: 'not_found', value: { ticket: check.ticket }, say: [say('status_not_found')] };
      case 'invalid_code':
        return { outcome: 'invalid_code', say: [say('status_invalid_code')] };
      case 'limited':
        return { outcome: 'limited', say: [say('status_limited', { minutes: check.retryAfterMinutes })] };
      case 'unavailable':
        return { outcome: 'unavailable', say: [say('status_unavailable')] };
    }
  }

  async function listMine(ctx: Parameters<ActionHandler>[0]): Promise<ActionResult> {
    try {
      const items = await cases.listByUser(ctx.channel, ctx.userId);
      if (items.length === 0) return { outcome: 'none', say: [say('status_list_none')] };
      const lines = items
        .map(
          (i) =>
            `• ${i.ticket}: ${categoryLabel(ctx.lang, i.category)}, ${t(ctx.lang, `complaint.status_label.${i.status}`)}`,
        )
        .join('\n');
      return { outcome: 'listed', value: { count: items.length }, say: [say('status_list', { lines })] };
    } catch {
      return { outcome: 'unavailable', say: [say('status_unavailable')] };
    }
  }

  /**
   * params: `ticket` (may be empty), `pin` (may be empty), `mode`: `first` (started from a
   * message: look for a code in it, else `no_code`) or `typed` (empty means "list mine").
   */
  const checkComplaintStatus: ActionHandler = async (ctx) => {
    const given = str(ctx.params.ticket);
    const ticketText = given || (ctx.params.mode === 'first' ? (findTicket(str(ctx.slots.query)) ?? '') : '');
    if (!ticketText) return ctx.params.mode === 'first' ? { outcome: 'no_code' } : listMine(ctx);
    const check = await cases.checkStatus({
      ticket: ticketText,
      pin: str(ctx.params.pin) || null,
      channel: ctx.channel,
      userId: ctx.userId,
    });
    const reply = statusSay(ctx.lang, check, ctx.now);
    if (check.outcome !== 'found' || !deps.groups) return reply;
    const count = await deps.groups.headcount(check.ticket).catch(() => 1);
    if (count <= 1) return reply;
    return { ...reply, say: [...(reply.say ?? []), say('join_count', { count, others: count - 1 })] };
  };

  const normalizeContact: ActionHandler = async (ctx) => {
    const country = str(ctx.params.country);
    const result = normalizeContactNumber(str(ctx.params.number), /^[A-Z]{2}$/.test(country) ? country : undefined);
    return result.ok ? { outcome: 'ok', value: result.e164 } : { outcome: 'invalid', value: null };
  };

  return {
    prepareComplaint,
    summarizeComplaint,
    submitComplaint,
    checkComplaintStatus,
    normalizeContactNumber: normalizeContact,
  };
}
