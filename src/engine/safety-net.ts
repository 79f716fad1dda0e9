/**
 * The safety net: a person who may be in danger never gets "did not understand", a pick list
 * or a form first. Danger signals the understanding is unsure about get one yes/no question
 * ("are you, or the person you write about, in danger now?") with the emergency lines in the
 * same reply; words of fear at a form step get a gentle check and the same question again;
 * a voice note or photo from someone who cannot type goes to staff.
 */
import { askNodeOf } from './ask-node.js';
import { ask, startFlow } from './run-flow.js';
import { type StepContext, say } from './step-context.js';

export const SAFETY_FLOW = 'safety-check';
/** Flows whose question can be left for the safety check without losing anything the user gave. */
const NOTHING_TO_LOSE = new Set(['main-menu', 'fallback', 'faq', SAFETY_FLOW]);

/** Up to two lines (the local emergency number or mission, the 24-hour line) for one reply. */
export function shortContactLines(ctx: StepContext): string {
  const country = typeof ctx.session.slots.country === 'string' ? ctx.session.slots.country : ctx.nlu?.entities.country;
  const suicide = ctx.nlu?.entities.suicide === true;
  return ctx.deps
    .emergencyContacts(ctx.session.lang, { country, suicide })
    .slice(0, 2)
    .map((l) => `• ${l}`)
    .join('\n');
}

/** Asks whether the person is in danger now; "no" goes on with `pendingIntent`. */
export function startSafetyCheck(ctx: StepContext, pendingIntent: string | null): void {
  const nlu = ctx.nlu;
  const slots: Record<string, unknown> = { lines: shortContactLines(ctx) };
  if (pendingIntent) slots.pendingIntent = pendingIntent;
  if (ctx.message?.text) slots.query = ctx.message.text.slice(0, 500);
  for (const [k, v] of Object.entries({
    country: nlu?.entities.country,
    category: nlu?.entities.category,
    reporter: nlu?.entities.reporter,
    suicide: nlu?.entities.suicide,
  })) {
    if (v !== undefined) slots[k] = v;
  }
  ctx.intent = pendingIntent;
  startFlow(ctx, SAFETY_FLOW, undefined, slots);
}

/**
 * Fear or danger words where a form answer was expected. Inside a form with answers already
 * given, a gentle check and the same question again (nothing is lost); elsewhere the safety check.
 */
export function checkOnPerson(ctx: StepContext): void {
  const flowId = ctx.session.flowId;
  const node = askNodeOf(ctx);
  if (flowId && node && !NOTHING_TO_LOSE.has(flowId)) {
    say(ctx, 'safety.gentle_check', { lines: shortContactLines(ctx) });
    ask(ctx, node);
    return;
  }
  startSafetyCheck(ctx, null);
}
