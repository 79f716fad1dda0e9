/**
 * The dialogue engine: a pure function from (flows, session, input) to the next session,
 * the replies and the effects. No I/O, clock or randomness except through `deps`.
 */
import type { IncomingMessage } from '../core/messages.js';
import { askNodeOf } from './ask-node.js';
import { showEmergencyContacts } from './builtin-actions.js';
import type { FlowSet, StepDeps, StepInput, StepResult } from './engine-types.js';
import { applyAnswer } from './handle-answer.js';
import { handleIntent, handleMessageInFlow } from './handle-message.js';
import { questionSlots } from './question-routing.js';
import { isStale } from './question-token.js';
import { ask, clearFlow, FlowRuntimeError, resumeAfterAction, startFlow } from './run-flow.js';
import { shortContactLines } from './safety-net.js';
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
        {
          // After the code word the end of the handover is silent: "staff" would betray the worker.
          const discreet = ctx.session.handover?.reason === 'code_word';
          ctx.session.mode = 'bot';
          ctx.session.handover = null;
          clearFlow(ctx);
          if (!discreet) say(ctx, 'handover.closed_user');
        }
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
    else tooLongForStaff(ctx, message, raw);
    return;
  }
  const text = cleanText(raw);
  if (text) ctx.nlu = deps.classify(text);
  // Answer in the language the person writes in, unless they chose one.
  const written = ctx.nlu?.language;
  if (written && written !== session.lang && session.prefs.langAuto !== false) session.lang = written;

  if (deps.settings.codeWord && text && isCodeWord(text, deps.settings.codeWord)) {
    // Discreet: a neutral reply, nothing on screen that says "emergency".
    ctx.intent = 'emergency';
    // Staff already holding the conversation keep it; the handover only becomes discreet.
    if (session.mode !== 'human') session.mode = 'waiting';
    session.handover = { reason: 'code_word', urgent: true, since: deps.now, contactsShown: false };
    // Nothing unsolicited afterwards either (status updates, reminders): quiet mode, as the user could set it.
    session.prefs.quiet = true;
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
    // The question the message may also ask is answered after the emergency lines.
    const slots: Record<string, unknown> = { ...session.slots, ...questionSlots(ctx) };
    if (ctx.nlu.entities.job) slots.job = ctx.nlu.entities.job;
    if (ctx.nlu.entities.country && !slots.country) slots.country = ctx.nlu.entities.country;
    if (ctx.nlu.entities.category) slots.category = ctx.nlu.entities.category;
    startFlow(ctx, 'emergency', undefined, slots);
    return;
  }
  if (isStale(session, message)) {
    questionPassed(ctx);
    return;
  }
  // "gabung KODE" is a contract (co-workers are told to type it): it joins a group complaint
  // from anywhere, like a command, rather than depending on the intent model.
  const join = JOIN_TEXT.exec(text);
  if (join && ctx.flows.has('case-join')) {
    startFlow(ctx, 'case-join', undefined, { joinCode: (join[1] ?? '').toUpperCase() });
    return;
  }
  handleMessageInFlow(ctx, text);
}

/** A tap or an edit meant for an earlier question: say so, and ask the open question again. */
function questionPassed(ctx: StepContext): void {
  const node = askNodeOf(ctx);
  say(ctx, node ? 'common.question_passed' : 'common.question_passed_menu');
  if (node) ask(ctx, node);
}

/**
 * With staff, a long message is what the person needed to say: staff get its beginning (as
 * much as the bot reads), and the person is told the rest did not go through.
 */
function tooLongForStaff(ctx: StepContext, message: IncomingMessage, raw: string): void {
  const max = ctx.deps.settings.maxMessageLength;
  const clipped = { ...message, text: `${cleanText(raw.slice(0, max))} …` };
  ctx.effects.push({ type: 'relay', message: clipped, urgent: false });
  const discreet = ctx.session.handover?.reason === 'code_word';
  say(ctx, discreet ? 'discreet.too_long_cut' : 'handover.too_long_cut', { max });
}

/**
 * Spaces do not count: keyboards put zero-width or no-break spaces between words, and the
 * cleaning that drops invisible characters would otherwise glue the two words together.
 */
function isCodeWord(text: string, codeWord: string): boolean {
  const squeeze = (s: string) => simplify(s).replace(/\s+/g, '');
  return squeeze(text) === squeeze(codeWord);
}

const JOIN_TEXT = /^gabung\s+([0-9a-z]{6})$/i;

/**
 * While staff hold the conversation the bot only relays; it speaks only handover notices.
 * While the person still waits for staff (`waiting`) they are never left in silence: the
 * first message gets an honest acknowledgement (staff on duty or not, the usual wait, what to
 * do now), later ones at most one reminder every few minutes, and the numbers again when the
 * person is afraid. Once staff hold it (`human`) the bot says nothing.
 */
function whileWithStaff(ctx: StepContext, message: IncomingMessage, text: string): void {
  const { session } = ctx;
  const intent = ctx.nlu?.intent ?? null;
  ctx.intent = intent;
  const discreet = session.handover?.reason === 'code_word';
  if (session.mode === 'waiting' && intent === 'cancel' && text.split(/\s+/).length <= 3 && !discreet) {
    session.mode = 'bot';
    session.handover = null;
    clearFlow(ctx);
    ctx.effects.push({ type: 'handover', reason: 'cancelled_by_user', urgent: false, emergency: false });
    say(ctx, 'handover.cancelled_by_user');
    return;
  }
  if (intent === 'privacy.delete' && text.split(/\s+/).length <= 4) {
    // Deletion works in every mode: the handover ends (staff are told why) and the usual
    // confirmation follows; the relay with staff is among what gets deleted.
    session.mode = 'bot';
    session.handover = null;
    clearFlow(ctx);
    ctx.effects.push({ type: 'handover', reason: 'deletion_requested', urgent: false, emergency: false });
    handleIntent(ctx);
    return;
  }
  // A question the bot asked on the way to staff (the country, in an emergency); any other
  // position is left as it is (staff may have taken the conversation in the middle of a form).
  const pending = askNodeOf(ctx);
  const node = pending?.whileWaiting && session.mode === 'waiting' ? pending : undefined;
  const answered = node ? applyAnswer(ctx, node, text).ok === true : false;
  if (node && !answered) clearFlow(ctx);
  const urgent = intent === 'emergency';
  ctx.effects.push({ type: 'relay', message, urgent });
  if (urgent && session.handover && !session.handover.urgent) {
    session.handover.urgent = true;
    const category = ctx.nlu?.entities.category;
    const suicide = ctx.nlu?.entities.suicide === true;
    if (category) session.handover.category = category;
    if (suicide) session.handover.suicide = true;
    ctx.effects.push({
      type: 'handover',
      reason: 'emergency',
      urgent: true,
      emergency: true,
      ...(category ? { category } : {}),
      ...(suicide ? { suicide } : {}),
    });
  }
  if (answered || discreet) return;
  if (urgent && session.handover && !session.handover.contactsShown) {
    say(ctx, 'emergency.intro');
    showEmergencyContacts(ctx);
    session.handover.contactsShown = true;
    session.handover.noticeAt = ctx.deps.now;
    return;
  }
  if (session.mode === 'waiting') waitingNotice(ctx);
}

/** The acknowledgement, a reminder, or the numbers again; nothing when one was given just now. */
function waitingNotice(ctx: StepContext): void {
  const { session, deps } = ctx;
  const handover = session.handover;
  if (!handover) return;
  const afraid = ctx.nlu?.distress === true || ctx.nlu?.intent === 'emergency' || ctx.nlu?.safetyCheck === true;
  const every = deps.settings.waitingNoticeMs ?? 5 * 60_000;
  const due = handover.noticeAt === undefined || deps.now - handover.noticeAt >= every;
  if (!due && !afraid) return;
  const hours = deps.hotline?.(session.lang) ?? { open: true, waitMinutes: 15, opensAt: '', hours: '' };
  const key =
    handover.noticeAt === undefined
      ? hours.open
        ? 'handover.ack_open'
        : 'handover.ack_closed'
      : hours.open
        ? 'handover.reminder_open'
        : 'handover.reminder_closed';
  say(ctx, key, { minutes: hours.waitMinutes, when: hours.opensAt, lines: shortContactLines(ctx) });
  handover.noticeAt = deps.now;
}
