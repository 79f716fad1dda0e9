/** A message in `bot` mode: a form answer, a global command, or a new topic. */

import type { NluResult } from '../nlu/nlu-types.js';
import { parseYesNo } from './answers.js';
import { HANDOVER_MEDIA } from './builtin-actions.js';
import { flowForIntent } from './flow-lookup.js';
import { applyAnswer, isExplicitYes, reAsk } from './handle-answer.js';
import { asksAboutRule, routeQuestion } from './question-routing.js';
import { ask, askChoices, clearFlow, getFlow, goTo, startFlow } from './run-flow.js';
import { checkOnPerson, SAFETY_FLOW, shortContactLines, startSafetyCheck } from './safety-net.js';
import { type StepContext, say } from './step-context.js';
import { scrubPersonal, writePath } from './text-utils.js';

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
    // At a question with `otherwise` (the safety check) every reply but "cancel" or a language
    // request is read as its answer: "tolong" there means danger, not "a person please".
    const answersAll = node.otherwise !== undefined && nlu?.intent !== 'cancel' && nlu?.intent !== 'language.change';
    // "lanjut" at "Lanjutkan?" is a yes, even when the classifier hears "cancel" in it.
    const saysYes =
      node.answer === 'yesno' && (node.explicitYes ? isExplicitYes(node, text) : parseYesNo(text) === true);
    if (
      nlu &&
      !answersAll &&
      !saysYes &&
      isGlobal(nlu.intent) &&
      (freeText ? short && nlu.confidence >= STRONG : nlu.confidence >= ctx.deps.settings.actThreshold)
    ) {
      handleIntent(ctx);
      return;
    }
    const outcome = applyAnswer(ctx, node, text);
    if (outcome.ok) return;
    if (node.otherwise) {
      // "aman kok", "I'm safe": a no in words other than "no".
      if (node.answer === 'yesno' && nlu?.saysSafe && nlu.intent !== 'emergency') {
        writePath(session.slots, node.slot, false);
        goTo(ctx, node.next);
        return;
      }
      goTo(ctx, node.otherwise);
      return;
    }
    // "9" with seven choices: say which numbers there are, not "out of scope".
    const choices = node.answer === 'choice' ? (askChoices(ctx, node) ?? []) : [];
    if (choices.length > 0 && /^\d{1,3}$/.test(text.trim())) {
      say(ctx, 'common.retry.choice_range', { number: text.trim(), max: choices.length });
      ask(ctx, node);
      return;
    }
    // Fear or danger signals where an answer was expected: check on the person, never "not an option".
    if (nlu && (nlu.distress || nlu.safetyCheck)) {
      checkOnPerson(ctx);
      return;
    }
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
    if (node.optional && (node.answer === 'choice' || node.answer === 'country') && text) {
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
    const kind = ctx.message?.media?.kind;
    if (kind && HANDOVER_MEDIA.has(kind)) {
      // A voice note or photo from someone who may not be able to type: a person listens.
      startFlow(ctx, 'handover', 'media', { media: kind, lines: shortContactLines(ctx) });
      return;
    }
    mediaNotice(ctx);
    return;
  }
  handleIntent(ctx);
}

export { flowForIntent };

/** Acts on the recognised intent, or walks the "did not understand" ladder. */
export function handleIntent(ctx: StepContext): void {
  const { session, deps } = ctx;
  const nlu = ctx.nlu;
  const intent =
    nlu?.intent && (nlu.confidence >= deps.settings.actThreshold || namedCompanyCheck(nlu)) ? nlu.intent : null;
  if (afterUnansweredAlert(ctx, intent)) return;
  if (nlu?.safetyCheck && session.flowId !== SAFETY_FLOW) {
    // Only the danger model was unsure (no harm the rules found, no word of fear) about a question
    // on the rule that borrowed a danger word ("boss says he'll be deported if he asks, true?",
    // "UU larang umur di atas 40, bener?") or a report of what the employer claims the law is
    // ("majikan blg PRT ga diatur undang2"): the rule answers it; "are you in danger?" does not.
    const text = ctx.message?.text ?? '';
    const ruleOnly = !nlu.hazard && !nlu.distress && asksAboutRule(nlu, text);
    if (ruleOnly && (routeQuestion(ctx, intent) || startFaqIfFits(ctx, intent))) return;
    startSafetyCheck(ctx, intent ?? nlu.intent);
    return;
  }
  if (intent === 'cancel') {
    ctx.intent = intent;
    session.lastIntent = intent;
    session.misunderstood = 0;
    say(ctx, session.flowId ? 'common.cancelled' : 'common.nothing_to_cancel');
    startFlow(ctx, deps.settings.menuFlow, 'menu');
    return;
  }
  if (routeQuestion(ctx, intent)) return;
  const flowId = intent ? flowForIntent(ctx, intent) : undefined;
  if (!intent || !flowId) {
    ctx.intent = null;
    if (nlu?.distress) {
      // "sy takut", "😭": not understood as a request, but nobody in distress hears "rephrase".
      startSafetyCheck(ctx, null);
      return;
    }
    // The classifier is unsure, but a safe-migration answer fits: answer rather than ask again.
    if (startFaqIfFits(ctx, null)) return;
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

/** An agency check a little short of sure acts when the message names the company by its legal form. */
const COMPANY_CHECK_MIN = 0.4;

/**
 * "PT Bintang Sawo minta 35jt ..., skrg disuruh nambah 10jt lg 😤": unsure between checking the
 * agency and reporting it, but a named PT is the registry's business, and the check offers the
 * report; "rephrase" is no answer to someone overcharged.
 */
function namedCompanyCheck(nlu: NluResult): boolean {
  return nlu.intent === 'agency.check' && nlu.entities.company === true && nlu.confidence >= COMPANY_CHECK_MIN;
}

/** Starts the safe-migration answers when one fits the message (its band is not low). */
function startFaqIfFits(ctx: StepContext, intent: string | null): boolean {
  const text = ctx.message?.text ?? '';
  const faqFlow = flowForIntent(ctx, 'faq.procedure');
  const topic = intent?.startsWith('faq.') ? intent : undefined;
  if (!faqFlow || !text || !ctx.deps.faqBand || ctx.deps.faqBand(text, topic) === 'low') return false;
  ctx.session.misunderstood = 0;
  startFlow(ctx, faqFlow, undefined, { query: text.slice(0, 500), intent: topic ?? '' });
  return true;
}

/** How long after an emergency with nobody on the staff console "halo? ada orang?" gets the numbers again. */
const ALERT_MS = 60 * 60_000;
const AFTER_ALERT_INTENTS = new Set(['greeting', 'handover.request', 'out_of_scope', 'thanks']);

/**
 * After an emergency that no staff console could take, "halo? ada orang?" or "tolong" is the
 * person still waiting for help: say honestly that nobody will answer here and give the numbers.
 */
function afterUnansweredAlert(ctx: StepContext, intent: string | null): boolean {
  const { session, deps } = ctx;
  if (session.alertAt === undefined || deps.now - session.alertAt > ALERT_MS) return false;
  if (intent && !AFTER_ALERT_INTENTS.has(intent) && !ctx.nlu?.distress) return false;
  ctx.intent = intent;
  say(ctx, 'handover.no_staff_console_again', { lines: shortContactLines(ctx) });
  return true;
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
