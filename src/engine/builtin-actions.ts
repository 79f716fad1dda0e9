/**
 * Actions the engine carries out itself because they only change the session (mode,
 * language, preferences). Everything else is an effect run by the dialogue service.
 */
import { languageSchema } from './session.js';
import { type StepContext, say } from './step-context.js';

export const BUILTIN_ACTIONS = [
  'escalate',
  'setLanguage',
  'showEmergencyContacts',
  'setQuiet',
  'clearSlots',
  'setSlots',
] as const;

export function isBuiltinAction(name: string): boolean {
  return (BUILTIN_ACTIONS as readonly string[]).includes(name);
}

const truthy = (v: unknown) => v === true || v === 'true' || v === 'yes' || v === 1;

/** Runs a built-in action; returns the outcome for the node's `next` map. */
export function runBuiltinAction(ctx: StepContext, name: string, params: Record<string, unknown>): string {
  const s = ctx.session;
  switch (name) {
    case 'escalate': {
      const urgent = truthy(params.urgent) || s.handover?.urgent === true;
      const reason = typeof params.reason === 'string' && params.reason ? params.reason : 'user_request';
      const emergency = reason === 'emergency';
      const country = typeof s.slots.country === 'string' ? s.slots.country : undefined;
      s.mode = 'waiting';
      s.handover = { reason, urgent, since: ctx.deps.now, contactsShown: s.handover?.contactsShown ?? emergency };
      ctx.effects.push({ type: 'handover', reason, urgent, emergency, ...(country ? { country } : {}) });
      return 'ok';
    }
    case 'setLanguage': {
      const parsed = languageSchema.safeParse(params.lang);
      if (!parsed.success) return 'invalid';
      s.lang = parsed.data;
      return 'ok';
    }
    case 'showEmergencyContacts': {
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
    case 'clearSlots': {
      s.slots = {};
      return 'ok';
    }
    default:
      return 'unknown';
  }
}

/** The emergency contacts that fit (country, suicide), joined into the last reply. */
export function showEmergencyContacts(ctx: StepContext): void {
  const country =
    (typeof ctx.session.slots.country === 'string' ? ctx.session.slots.country : undefined) ??
    ctx.nlu?.entities.country;
  const keys = ctx.deps.emergencyContacts(country, ctx.nlu?.entities.suicide === true);
  const lines = keys.map((k) => `• ${ctx.deps.t(ctx.session.lang, k)}`).join('\n');
  const last = ctx.replies[ctx.replies.length - 1];
  if (last && !last.choices) {
    last.text = `${last.text}\n${lines}`;
  } else {
    say(ctx, 'emergency.contacts_intro');
    appendLines(ctx, lines);
  }
  if (ctx.session.handover) ctx.session.handover.contactsShown = true;
}

function appendLines(ctx: StepContext, lines: string): void {
  const last = ctx.replies[ctx.replies.length - 1];
  if (last) last.text = `${last.text}\n${lines}`;
}
