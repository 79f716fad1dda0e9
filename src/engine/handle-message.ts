/** A message in `bot` mode: a form answer, a global command, or a new topic. */
import { applyAnswer, reAsk } from './handle-answer.js';
import { clearFlow, getFlow, startFlow } from './run-flow.js';
import { type StepContext, say } from './step-context.js';
import { scrubPersonal } from './text-utils.js';

/** Intents honoured anywhere, also in the middle of a form. */
export const GLOBAL_INTENTS = ['cancel', 'menu', 'handover.request', 'language.change', 'privacy.delete'] as const;
const isGlobal = (intent: string | null | undefined): boolean =>
  !!intent && (GLOBAL_INTENTS as readonly string[]).includes(intent);

/** Free-text answers take a global command only when the message is short and clearly one. */
const STRONG = 0.8;
const SHORT_WORDS = 4;

export function handleMessageInFlow(ctx: StepContext, text: string): void {
  const { session } = ctx;
  const node = session.flowId && session.node ? getFlow(ctx, session.flowId).nodes[session.node] : undefined;
  if (session.awaiting === 'answer' && node?.kind === 'ask') {
    const nlu = ctx.nlu;
    const freeText = node.answer === 'text' || node.answer === 'media';
    const short = text.split(/\s+/).length <= SHORT_WORDS;
    if (
      nlu &&
      isGlobal(nlu.intent) &&
      (freeText ? short && nlu.confidence >= STRONG : nlu.confidence >= ctx.deps.settings.actThreshold)
    ) {
      handleIntent(ctx);
      return;
    }
    const outcome = applyAnswer(ctx, node, text);
    if (outcome.ok) return;
    // Not an answer. A clear question on another topic wins over a choice the user ignored.
    if (
      !freeText &&
      nlu?.intent &&
      nlu.confidence >= ctx.deps.settings.actThreshold &&
      flowForIntent(ctx, nlu.intent)
    ) {
      handleIntent(ctx);
      return;
    }
    if (node.optional && node.answer === 'choice' && text) {
      // An optional follow-up the user ignored: read the message as a new request.
      clearFlow(ctx);
      handleIntent(ctx);
      return;
    }
    if (!text && ctx.message?.media && node.answer !== 'media') {
      mediaNotice(ctx);
      reAsk(ctx, node, 'choice');
      return;
    }
    if (!reAsk(ctx, node, outcome.reason)) {
      clearFlow(ctx);
      session.misunderstood = 2;
      startFlow(ctx, 'fallback', 'offer-help');
    }
    return;
  }
  if (!text) {
    mediaNotice(ctx);
    return;
  }
  handleIntent(ctx);
}

export function flowForIntent(ctx: StepContext, intent: string): string | undefined {
  for (const flow of ctx.flows.values()) if (flow.triggers?.includes(intent)) return flow.id;
  return undefined;
}

/** Acts on the recognised intent, or walks the "did not understand" ladder. */
export function handleIntent(ctx: StepContext): void {
  const { session, deps } = ctx;
  const nlu = ctx.nlu;
  const intent = nlu?.intent && nlu.confidence >= deps.settings.actThreshold ? nlu.intent : null;
  if (intent === 'cancel') {
    ctx.intent = intent;
    session.lastIntent = intent;
    session.misunderstood = 0;
    say(ctx, session.flowId ? 'common.cancelled' : 'common.nothing_to_cancel');
    startFlow(ctx, deps.settings.menuFlow, 'menu');
    return;
  }
  const flowId = intent ? flowForIntent(ctx, intent) : undefined;
  if (!intent || !flowId) {
    ctx.intent = null;
    const text = ctx.message?.text ?? '';
    const faqFlow = flowForIntent(ctx, 'faq.procedure');
    if (faqFlow && text && deps.faqBand && deps.faqBand(text) !== 'low') {
      // The classifier is unsure, but a safe-migration answer fits: answer rather than ask again.
      session.misunderstood = 0;
      startFlow(ctx, faqFlow, undefined, { query: text.slice(0, 500), intent: '' });
      return;
    }
    notUnderstood(ctx);
    return;
  }
  ctx.intent = intent;
  session.lastIntent = intent;
  session.misunderstood = 0;
  if (intent === 'language.change' && nlu?.entities.language) {
    clearFlow(ctx);
    session.lang = nlu.entities.language;
    say(ctx, 'language.changed');
    startFlow(ctx, deps.settings.menuFlow, 'menu');
    return;
  }
  const slots: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(nlu?.entities ?? {})) if (v !== undefined && k !== 'language') slots[k] = v;
  if (ctx.message?.text) slots.query = ctx.message.text.slice(0, 500);
  slots.intent = intent;
  startFlow(ctx, flowId, undefined, slots);
}

function notUnderstood(ctx: StepContext): void {
  const { session } = ctx;
  const text = ctx.message?.text;
  session.misunderstood += 1;
  if (text) ctx.effects.push({ type: 'unanswered', text: scrubPersonal(text), lang: session.lang });
  const step = session.misunderstood >= 3 ? 'offer-human' : session.misunderstood === 2 ? 'offer-menu' : 'rephrase';
  if (step !== 'offer-human' && session.flowId && session.awaiting === 'answer') {
    // Keep the open question: a rephrase hint, then the same question again.
    say(ctx, 'fallback.rephrase_in_form');
    return;
  }
  startFlow(ctx, 'fallback', step);
}

function mediaNotice(ctx: StepContext): void {
  const kind = ctx.message?.media?.kind;
  let key = 'common.please_type';
  if (ctx.message?.location) key = 'common.location_received';
  else if (kind === 'voice' || kind === 'audio') key = 'common.voice_please_type';
  else if (kind === 'photo' || kind === 'document' || kind === 'video') key = 'common.media_outside_form';
  say(ctx, key);
}
