/**
 * The `lookupAgency` action for flows. `params.query` is what the user typed (the company part
 * is extracted here) or a choice id `lic:<licence>` from an earlier ambiguous answer.
 *
 * Outcomes: `found` | `ambiguous` (value.choices for `choicesFrom`) | `none` | `unavailable`.
 * Every answer about the registry ends with how old its data is, and says so when it is the
 * fictional sample.
 */
import type { ActionHandler, ActionResult, Language, SayItem } from '../core/action-types.js';
import type { Logger } from '../logger.js';
import { type AgencyRegistry, agencyChoiceId, LICENCE_ID_PREFIX } from './agency-registry.js';
import type { AgencyRecord, RegistryMeta } from './agency-schema.js';
import { extractAgencyQuery } from './extract-agency-query.js';

export interface AgencyActionOptions {
  /** Whose calendar decides "today" for data age and licence expiry. Default Asia/Jakarta. */
  timeZone?: string;
  /** Data older than this many days gets the "may have changed" footer. Default 90. */
  staleAfterDays?: number;
  logger?: Logger;
  /** Substantiated cases against an agency in the last 12 months (agency-substantiation.ts). */
  substantiatedCount?: (licenceKey: string, now: number) => Promise<number>;
}

/** What `found` stores in the action node's slot. */
export interface FoundAgencyValue {
  id: string;
  name: string;
  licenceNo: string;
  status: AgencyRecord['status'];
  /** Active in the registry but past its valid-until date. */
  expired: boolean;
  validUntil: string | null;
  province: string;
  sample: boolean;
  sourceDate: string;
  /** True when the flow should offer to report the recruiter. */
  offerComplaint: boolean;
}

const DAY_MS = 86_400_000;
const LOCALES: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };

export function createAgencyActions(
  registry: AgencyRegistry,
  options: AgencyActionOptions = {},
): { lookupAgency: ActionHandler } {
  const timeZone = options.timeZone ?? 'Asia/Jakarta';
  const staleAfter = options.staleAfterDays ?? 90;

  const today = (now: number) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(now));
  const formatDate = (iso: string, lang: Language) =>
    new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${iso}T00:00:00Z`),
    );

  function footer(meta: RegistryMeta, lang: Language, now: number): SayItem {
    const days = Math.max(0, Math.round((Date.parse(today(now)) - Date.parse(meta.sourceDate)) / DAY_MS));
    const variant = days === 0 ? 'today' : days === 1 ? 'yesterday' : days > staleAfter ? 'stale' : 'days';
    const group = meta.sample ? 'footer_sample' : 'footer';
    return { key: `agency.${group}.${variant}`, params: { date: formatDate(meta.sourceDate, lang), days } };
  }

  function found(agency: AgencyRecord, meta: RegistryMeta, lang: Language, now: number): ActionResult {
    const expired = agency.status === 'active' && agency.validUntil !== null && agency.validUntil < today(now);
    const key =
      agency.status !== 'active'
        ? agency.status
        : expired
          ? 'expired'
          : agency.validUntil === null
            ? 'active_no_date'
            : 'active';
    const params = {
      name: agency.name,
      licenceNo: agency.licenceNo,
      validUntil: agency.validUntil ? formatDate(agency.validUntil, lang) : '',
      office: [agency.address, agency.province].filter(Boolean).join(', ') || '-',
    };
    const value: FoundAgencyValue = {
      id: agencyChoiceId(agency.licenceKey),
      name: agency.name,
      licenceNo: agency.licenceNo,
      status: agency.status,
      expired,
      validUntil: agency.validUntil,
      province: agency.province,
      sample: meta.sample,
      sourceDate: meta.sourceDate,
      offerComplaint: agency.status !== 'active' || expired,
    };
    return { outcome: 'found', value, say: [{ key: `agency.result.${key}`, params }, footer(meta, lang, now)] };
  }

  /** Adds the count of substantiated complaints, when there are any; a failed read says nothing rather than "none". */
  async function withComplaints(result: ActionResult, agency: AgencyRecord, now: number): Promise<ActionResult> {
    if (!options.substantiatedCount) return result;
    const count = await options.substantiatedCount(agency.licenceKey, now).catch((err: unknown) => {
      options.logger?.warn({ err: (err as Error).message }, 'agency check: substantiated count unavailable');
      return 0;
    });
    if (count <= 0) return result;
    const say = [...(result.say ?? [])];
    say.splice(1, 0, { key: 'agency.substantiated', params: { count } });
    return { ...result, say };
  }

  const lookupAgency: ActionHandler = async ({ params, lang, now }) => {
    const raw = typeof params.query === 'string' ? params.query.trim() : '';
    const byId = raw.startsWith(LICENCE_ID_PREFIX);
    const extracted = byId ? raw : extractAgencyQuery(raw);
    const empty = {
      outcome: 'none',
      value: { query: '', offerComplaint: false },
      say: [{ key: 'agency.empty_query' }],
    } satisfies ActionResult;
    if (raw === '') return empty;

    let lookup: Awaited<ReturnType<AgencyRegistry['lookup']>>;
    try {
      lookup = await registry.lookup(extracted ?? raw);
      // The extraction may have cut words that belong to a registered name ("PT Itu Bagus"):
      // the whole text gets a second chance, but only to find something.
      if (!byId && extracted !== raw && lookup.status === 'ok' && lookup.result.kind === 'none') {
        const whole = extracted === null ? lookup : await registry.lookup(raw);
        if (whole.status === 'ok' && whole.result.kind !== 'none') lookup = whole;
        else if (extracted === null) return empty;
      }
    } catch (err) {
      options.logger?.error({ err }, 'agency lookup failed');
      lookup = { status: 'unavailable', reason: 'redis' };
    }
    const query = extracted ?? raw;
    const shown = (byId ? query.slice(LICENCE_ID_PREFIX.length) : query).slice(0, 80);
    if (lookup.status === 'unavailable') {
      return { outcome: 'unavailable', value: { reason: lookup.reason }, say: [{ key: 'agency.unavailable' }] };
    }
    const { meta, result } = lookup;
    switch (result.kind) {
      case 'found':
        return withComplaints(found(result.agency, meta, lang, now), result.agency, now);
      case 'ambiguous': {
        const choices = result.candidates.map(({ agency }) => ({
          id: agencyChoiceId(agency.licenceKey),
          label: agency.province ? `${agency.name} (${agency.province})` : agency.name,
        }));
        const key = choices.length === 1 ? 'agency.ambiguous_one' : 'agency.ambiguous';
        return { outcome: 'ambiguous', value: { choices, query: shown }, say: [{ key, params: { query: shown } }] };
      }
      case 'none': {
        const key = result.by === 'licence' ? 'agency.result.none_licence' : 'agency.result.none';
        return {
          outcome: 'none',
          value: { query: shown, offerComplaint: true },
          say: [{ key, params: { query: shown } }, footer(meta, lang, now)],
        };
      }
    }
  };

  return { lookupAgency };
}
