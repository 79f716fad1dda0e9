/** The working state of one `step` call: a session copy plus the replies and effects so far. */
import type { IncomingMessage, OutgoingMessage } from '../messages.js';
import type { NluResult } from '../nlu/nlu-types.js';
import type { Effect, StepDeps } from './engine-types.js';
import type { FlowSet } from './flow-schema.js';
import type { Session } from './session.js';
import { fillPlaceholders } from './text-utils.js';

export interface StepContext {
  flows: FlowSet;
  deps: StepDeps;
  session: Session;
  replies: OutgoingMessage[];
  effects: Effect[];
  intent: string | null;
  message?: IncomingMessage;
  nlu?: NluResult;
}

/** Renders params: `{{slot}}` placeholders from the slots, numbers as they are. */
export function renderParams(
  ctx: StepContext,
  params: Record<string, string | number> | undefined,
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    out[k] = typeof v === 'string' ? fillPlaceholders(v, ctx.session.slots) : v;
  }
  return out;
}

export function say(ctx: StepContext, keys: string | string[], params?: Record<string, string | number>): void {
  const list = Array.isArray(keys) ? keys : [keys];
  const text = list.map((k) => ctx.deps.t(ctx.session.lang, k, params)).join('\n\n');
  ctx.replies.push({ text });
}

/** Appends text to the last reply so related lines reach the user as one message. */
export function sayJoined(ctx: StepContext, key: string, params?: Record<string, string | number>): void {
  const text = ctx.deps.t(ctx.session.lang, key, params);
  const last = ctx.replies[ctx.replies.length - 1];
  if (last && !last.choices) last.text = `${last.text}\n\n${text}`;
  else ctx.replies.push({ text });
}
