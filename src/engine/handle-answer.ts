/** Reading the user's message as the answer to the question the session waits on. */
import { isDone, isSkip, matchChoice, mediaValue, parseDate, parseNumber, parseYesNo } from './answers.js';
import type { AskNode } from './flow-schema.js';
import { ask, askChoices, goTo } from './run-flow.js';
import type { StepContext } from './step-context.js';
import { readPath, simplify, writePath } from './text-utils.js';

export type AnswerOutcome =
  | { ok: true; value: unknown; choiceId?: string }
  | { ok: false; reason: string }
  | { ok: 'more' };

const DEFAULT_MAX_TEXT = 2000;

/** Parses the answer for `node`; never throws. */
export function parseAnswer(ctx: StepContext, node: AskNode, text: string): AnswerOutcome {
  const msg = ctx.message;
  if (node.optional && text && isSkip(text) && node.answer !== 'yesno' && node.answer !== 'choice') {
    return { ok: true, value: null };
  }
  switch (node.answer) {
    case 'choice':
    case 'yesno': {
      if (node.explicitYes) return explicitAnswer(ctx, node, text);
      const choices = askChoices(ctx, node) ?? [];
      const id = matchChoice(text, choices, msg?.choiceId);
      if (id)
        return node.answer === 'yesno' ? { ok: true, value: id === 'yes' } : { ok: true, value: id, choiceId: id };
      if (node.answer === 'yesno' && text) {
        const yn = parseYesNo(text);
        if (yn !== null) return { ok: true, value: yn };
      }
      return { ok: false, reason: 'choice' };
    }
    case 'text': {
      if (!text) return { ok: false, reason: msg?.media ? 'text_not_media' : 'empty' };
      const max = node.validate?.maxLength ?? DEFAULT_MAX_TEXT;
      if (text.length > max) return { ok: false, reason: 'too_long' };
      if (node.validate?.minLength && text.length < node.validate.minLength) return { ok: false, reason: 'too_short' };
      return { ok: true, value: text };
    }
    case 'number': {
      const n = parseNumber(text);
      if (n === null) return { ok: false, reason: 'number' };
      if (
        (node.validate?.min !== undefined && n < node.validate.min) ||
        (node.validate?.max !== undefined && n > node.validate.max)
      ) {
        return { ok: false, reason: 'number_range' };
      }
      return { ok: true, value: n };
    }
    case 'date': {
      const d = parseDate(text, ctx.deps.now);
      return d ? { ok: true, value: d } : { ok: false, reason: 'date' };
    }
    case 'country': {
      // A tapped country button carries its ISO code.
      if (msg?.choiceId && node.choices?.some((c) => c.id === msg.choiceId) && /^[A-Z]{2}$/.test(msg.choiceId)) {
        return { ok: true, value: msg.choiceId };
      }
      const c = text ? ctx.deps.matchCountry(text) : null;
      return c ? { ok: true, value: c } : { ok: false, reason: 'country' };
    }
    case 'media': {
      if (msg?.media) {
        const item = mediaValue(msg.media);
        if (!node.multiple) return { ok: true, value: item };
        const list = readPath(ctx.session.slots, node.slot);
        const items = Array.isArray(list) ? list : [];
        if (items.length >= 10) return { ok: true, value: items };
        writePath(ctx.session.slots, node.slot, [...items, item]);
        return { ok: 'more' };
      }
      if (node.multiple && text && (isDone(text) || isSkip(text))) {
        const list = readPath(ctx.session.slots, node.slot);
        return { ok: true, value: Array.isArray(list) ? list : [] };
      }
      return { ok: false, reason: 'media' };
    }
  }
}

/**
 * A confirmation that cannot be undone: yes is a tap on Yes (of this question: stale taps
 * never get here) or one of the node's own words; any no-word declines; anything else asks again.
 */
function explicitAnswer(ctx: StepContext, node: AskNode, text: string): AnswerOutcome {
  if (ctx.message?.choiceId === 'yes' || isExplicitYes(node, text)) return { ok: true, value: true };
  if (ctx.message?.choiceId === 'no' || (text && parseYesNo(text) === false)) return { ok: true, value: false };
  return { ok: false, reason: 'confirm_explicit' };
}

export function isExplicitYes(node: AskNode, text: string): boolean {
  const s = simplify(text);
  return s !== '' && (node.explicitYes ?? []).some((w) => simplify(w) === s);
}

/** Applies a valid answer and goes on; returns false when the answer was not valid. */
export function applyAnswer(ctx: StepContext, node: AskNode, text: string): AnswerOutcome {
  const outcome = parseAnswer(ctx, node, text);
  if (outcome.ok === 'more') {
    ctx.replies.push({ text: ctx.deps.t(ctx.session.lang, 'common.media_more') });
    return outcome;
  }
  if (!outcome.ok) return outcome;
  writePath(ctx.session.slots, node.slot, outcome.value);
  ctx.session.retries = 0;
  ctx.session.misunderstood = 0;
  const chosen = outcome.choiceId ? node.choices?.find((c) => c.id === outcome.choiceId) : undefined;
  goTo(ctx, chosen?.next ?? node.next);
  return outcome;
}

/** Re-asks after an invalid answer; returns false when the retry budget is spent. */
export function reAsk(ctx: StepContext, node: AskNode, reason: string): boolean {
  const max = node.retry?.max ?? 2;
  ctx.session.retries += 1;
  if (ctx.session.retries > max) return false;
  const key = node.retry?.text ?? `common.retry.${reason}`;
  ask(ctx, node, key);
  return true;
}
