/**
 * Actions the engine carries out itself because they only change the session (mode,
 * language, preferences). Everything else is an effect run by the dialogue service.
 */
import type { MediaKind } from '../core/messages.js';
import { languageSchema } from './session.js';
import { type StepContext, say } from './step-context.js';

export const BUILTIN_ACTIONS = [
  'escalate',
  'setLanguage',
  'showEmergencyContacts',
  'setQuiet',
  'clearSlots',
  'setSlots',
  'continueIntent',
  'rememberAnswer',
] as const;

export function isBuiltinAction(name: string): boolean {
  return (BUILTIN_ACTIONS as readonly string[]).includes(name);
}

const truthy = (v: unknown) => v === true || v === 'true' || v === 'yes' || v === 1;
const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** Runs a built-in action; returns the outcome for the node's `next` map. */
export function runBuiltinAction(ctx: StepContext, name: string, params: Record<string, unknown>): string {
  const s = ctx.session;
  switch (name) {
    case 'escalate':
      return escalate(ctx, params);
    case 'setLanguage': {
      const parsed = languageSchema.safeParse(params.lang);
      if (!parsed.success) return 'invalid';
      s.lang = parsed.data;
      s.prefs.langAuto = false;
      return 'ok';
    }
    case 'showEmergencyContacts': {
      if (params.scope === 'destination') return showDestinationContacts(ctx);
      showEmergencyContacts(ctx);
      return 'ok';
    }
    case 'setQuiet': {
      s.prefs.quiet = truthy(params.quiet);
      return 'ok';
    }
    case 'setSlots': {
      // Params are already rendered; used to pre-fill another flow (e.g. a complaint category).
      for (const [k, v] of Object.entries(params)) s.slots[k] = v;
      return 'ok';
    }
    case 'rememberAnswer': {
      // What this answer was about, for the follow-ups ("kalau di hongkong?").
      const topics = Array.isArray(s.slots.topics) ? s.slots.topics : [];
      const country = text(s.slots.country);
      const topic = text(topics[0]);
      const job = text(s.slots.job);
      s.context = {
        ...(country ? { country } : {}),
        ...(topic ? { topic } : {}),
        ...(job ? { job } : {}),
        at: ctx.deps.now,
      };
      return 'ok';
    }
    case 'clearSlots': {
      s.slots = {};
      return 'ok';
    }
    default:
      return 'unknown';
  }
}

/**
 * Hands the conversation to staff: mode `waiting` and a handover effect carrying what staff
 * triage by (urgency, category, suicidal talk, country, a voice note or photo). Without a staff
 * console nobody could answer, so the user stays with the bot and gets the phone numbers
 * (outcome `no_console`); the effect is still recorded.
 */
function escalate(ctx: StepContext, params: Record<string, unknown>): string {
  const s = ctx.session;
  const urgent = truthy(params.urgent) || s.handover?.urgent === true;
  const reason = text(params.reason) ?? 'user_request';
  const emergency = reason === 'emergency';
  const country = text(s.slots.country);
  const category = text(s.slots.category);
  const suicide = s.slots.suicide === true || ctx.nlu?.entities.suicide === true;
  const media = text(params.media);
  ctx.effects.push({
    type: 'handover',
    reason,
    urgent,
    emergency,
    ...(country ? { country } : {}),
    ...(category ? { category } : {}),
    ...(suicide ? { suicide } : {}),
    ...(media ? { media } : {}),
  });
  if (ctx.deps.settings.staffConsole === false) {
    if (s.slots.contactsShown === true) say(ctx, 'handover.no_staff_console_above');
    else {
      say(ctx, 'handover.no_staff_console');
      appendLines(ctx, contactLines(ctx, country, suicide));
    }
    s.handover = null;
    if (urgent) s.alertAt = ctx.deps.now;
    return 'no_console';
  }
  const shown = s.handover?.contactsShown ?? (emergency || s.slots.contactsShown === true);
  s.mode = 'waiting';
  s.handover = {
    reason,
    urgent,
    since: ctx.deps.now,
    contactsShown: shown,
    noticeAt: ctx.deps.now,
    ...(category ? { category } : {}),
    ...(suicide ? { suicide } : {}),
  };
  // Honest about the wait: staff on duty and the usual wait, or when they are back (with the
  // numbers to call meanwhile, unless this reply already has them).
  const hours = ctx.deps.hotline?.(s.lang) ?? { open: true, waitMinutes: 15, opensAt: '', hours: '' };
  if (hours.open) say(ctx, 'handover.queued', { minutes: hours.waitMinutes });
  else {
    say(ctx, 'handover.out_of_hours', { hours: hours.hours, when: hours.opensAt });
    if (!shown) {
      appendLines(ctx, ctx.deps.t(s.lang, 'handover.emergency_hint'));
      appendLines(ctx, contactLines(ctx, country, suicide));
      s.handover.contactsShown = true;
    }
  }
  return 'ok';
}

function contactLines(ctx: StepContext, country: string | undefined, suicide: boolean): string {
  return ctx.deps
    .emergencyContacts(ctx.session.lang, { country, suicide })
    .map((l) => `• ${l}`)
    .join('\n');
}

/**
 * The emergency lines that fit (country, suicidal talk), joined into the last reply; for a
 * relative or friend reporting, what they can do from where they are.
 */
export function showEmergencyContacts(ctx: StepContext): void {
  const country = text(ctx.session.slots.country) ?? ctx.nlu?.entities.country;
  const suicide = ctx.session.slots.suicide === true || ctx.nlu?.entities.suicide === true;
  const lines = contactLines(ctx, country, suicide);
  const last = ctx.replies[ctx.replies.length - 1];
  if (last && !last.choices) {
    last.text = `${last.text}\n${lines}`;
  } else {
    say(ctx, 'emergency.contacts_intro');
    appendLines(ctx, lines);
  }
  const reporter = text(ctx.session.slots.reporter) ?? ctx.nlu?.entities.reporter;
  if (reporter === 'family' || reporter === 'other')
    appendLines(ctx, ctx.deps.t(ctx.session.lang, 'emergency.for_relatives'));
  ctx.session.slots.contactsShown = true;
  if (ctx.session.handover) ctx.session.handover.contactsShown = true;
}

/** The lines of the country the person just named (after the emergency reply asked for it). */
function showDestinationContacts(ctx: StepContext): string {
  const country = text(ctx.session.slots.country);
  const lines = ctx.deps
    .emergencyContacts(ctx.session.lang, { country, suicide: false, scope: 'destination' })
    .map((l) => `• ${l}`);
  if (lines.length === 0) return 'none';
  say(ctx, 'emergency.local_contacts');
  appendLines(ctx, lines.join('\n'));
  return 'ok';
}

function appendLines(ctx: StepContext, lines: string): void {
  if (!lines) return;
  const last = ctx.replies[ctx.replies.length - 1];
  if (last && !last.choices) last.text = `${last.text}\n${lines}`;
  else ctx.replies.push({ text: lines });
}

/** Media that can start a handover on their own (a voice note or photo from someone who cannot type). */
export const HANDOVER_MEDIA: ReadonlySet<MediaKind> = new Set(['voice', 'audio', 'photo', 'video', 'document']);
