/**
 * The dialogue engine: a pure function from (flows, session, input) to the next session,
 * the replies and the effects. No I/O, clock or randomness except through `deps`.
 */
import type { IncomingMessage } from '../messages.js';
import { showEmergencyContacts } from './builtin-actions.js';
import type { FlowSet, StepDeps, StepInput, StepResult } from './engine-types.js';
import { handleMessageInFlow } from './handle-message.js';
import { clearFlow, FlowRuntimeError, resumeAfterAction, startFlow } from './run-flow.js';
import type { Session } from './session.js';
import { copyData, type StepContext, say } from './step-context.js';
import { cleanText, simplify } from './text-utils.js';

export function step(flows: FlowSet, session: Session, input: StepInput, deps: StepDeps): StepResult {
  const ctx: StepContext = {
    flows,
    deps,
    session: copyData(session),
    replies: [],
    effects: [],
    intent: null,
  };
  try {
    switch (input.type) {
      case 'actionResult':
        resumeAfterAction(ctx, input.result);
        break;
      case 'handoverClosed':
        // Already back with the bot (the user cancelled meanwhile): nothing to close, nothing to say.
        if (ctx.session.mode === 'bot') break;
        ctx.session.mode = 'bot';
        ctx.session.handover = null;
        clearFlow(ctx);
        say(ctx, 'handover.closed_user');
        break;
      case 'message':
        onMessage(ctx, input.message);
        break;
    }
  } catch (err) {
    if (!(err instanceof FlowRuntimeError)) throw err;
    // A broken position (flow changed under a live session): apologise and start clean.
    clearFlow(ctx);
    ctx.replies.push({ text: deps.t(ctx.session.lang, 'common.error_reset') });
  }
  ctx.session.updatedAt = deps.now;
  return { session: ctx.session, replies: ctx.replies, effects: ctx.effects, intent: ctx.intent };
}

function onMessage(ctx: StepContext, message: IncomingMessage): void {
  const { deps, session } = ctx;
  ctx.message = message;
  const raw = message.text ?? '';
  if (raw.length > deps.settings.maxMessageLength) {
    // Refuse without touching the form: nothing the user typed before is lost.
    if (session.mode === 'bot') say(ctx, 'common.too_long', { max: deps.settings.maxMessageLength });
    return;
  }
  const text = cleanText(raw);
  if (text) ctx.nlu = deps.classify(text);

  if (deps.settings.codeWord && text && simplify(text) === simplify(deps.settings.codeWord)) {
    // Discreet: a neutral reply, nothing on screen that says "emergency".
    ctx.intent = 'emergency';
    session.mode = 'waiting';
    session.handover = { reason: 'code_word', urgent: true, since: deps.now, contactsShown: false };
    ctx.effects.push({ type: 'handover', reason: 'code_word', urgent: true, emergency: true });
    say(ctx, 'common.discreet_ack');
    return;
  }

  if (session.mode !== 'bot') {
    whileWithStaff(ctx, message, text);
    return;
  }

  if (session.flowId && session.awaiting === 'answer' && deps.now - session.updatedAt > deps.settings.formTimeoutMs) {
    clearFlow(ctx);
    say(ctx, 'common.form_expired');
  }
  const flow = session.flowId ? ctx.flows.get(session.flowId) : undefined;
  if (session.flowId && (!flow || flow.version !== session.flowVersion || !session.node || !flow.nodes[session.node])) {
    clearFlow(ctx);
    say(ctx, 'common.flow_updated');
  }
  if (ctx.nlu?.intent === 'emergency') {
    ctx.intent = 'emergency';
    session.lastIntent = 'emergency';
    const slots: Record<string, unknown> = { ...session.slots };
    if (ctx.nlu.entities.country && !slots.country) slots.country = ctx.nlu.entities.country;
    if (ctx.nlu.entities.category) slots.category = ctx.nlu.entities.category;
    startFlow(ctx, 'emergency', undefined, slots);
    return;
  }
  handleMessageInFlow(ctx, text);
}

/** While staff hold the conversation the bot only relays; it speaks only handover notices. */
function whileWithStaff(ctx: StepContext, message: IncomingMessage, text: string): void {
  const { session } = ctx;
  const intent = ctx.nlu?.intent ?? null;
  ctx.intent = intent;
  if (session.mode === 'waiting' && intent === 'cancel' && text.split(/\s+/).length <= 3) {
    session.mode = 'bot';
    session.handover = null;
    ctx.effects.push({ type: 'handover', reason: 'cancelled_by_user', urgent: false, emergency: false });
    say(ctx, 'handover.cancelled_by_user');
    return;
  }
  const urgent = intent === 'emergency';
  ctx.effects.push({ type: 'relay', message, urgent });
  if (urgent && session.handover && !session.handover.urgent) {
    session.handover.urgent = true;
    ctx.effects.push({ type: 'handover', reason: 'emergency', urgent: true, emergency: true });
  }
  if (urgent && session.handover && !session.handover.contactsShown) {
    say(ctx, 'emergency.intro');
    showEmergencyContacts(ctx);
    session.handover.contactsShown = true;
  }
}
