/**
 * Walks flow nodes from a position until the conversation has to wait: for the user's
 * answer (`ask`), for an action's result (`action`), or because the flow ended.
 */
import type { ActionResult } from '../core/action-types.js';
import type { Choice } from '../core/messages.js';
import { isBuiltinAction, runBuiltinAction } from './builtin-actions.js';
import { flowForIntent } from './flow-lookup.js';
import type { AskNode, Condition, Flow, FlowNode, Target } from './flow-schema.js';
import { nextQuestion } from './question-token.js';
import { renderParams, type StepContext, say, sayJoined } from './step-context.js';
import { readPath, writePath } from './text-utils.js';

const MAX_TRANSITIONS = 40;

export class FlowRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowRuntimeError';
  }
}

export function getFlow(ctx: StepContext, flowId: string): Flow {
  const flow = ctx.flows.get(flowId);
  if (!flow) throw new FlowRuntimeError(`unknown flow ${flowId}`);
  return flow;
}

/** Starts a flow at its start node (or `node`), clearing the previous form. */
export function startFlow(ctx: StepContext, flowId: string, node?: string, slots: Record<string, unknown> = {}): void {
  const flow = getFlow(ctx, flowId);
  ctx.session.slots = { ...slots };
  ctx.session.flowId = flow.id;
  ctx.session.flowVersion = flow.version;
  ctx.session.retries = 0;
  runFrom(ctx, flow.id, node ?? flow.start);
}

export function clearFlow(ctx: StepContext): void {
  Object.assign(ctx.session, { flowId: null, flowVersion: null, node: null, awaiting: null, retries: 0, slots: {} });
}

/** Resolves a target relative to the current flow and keeps walking. */
export function goTo(ctx: StepContext, target: Target): void {
  if (typeof target === 'string') {
    runFrom(ctx, ctx.session.flowId as string, target);
    return;
  }
  enterOtherFlow(ctx, target);
  runFrom(ctx, target.flow, target.node ?? getFlow(ctx, target.flow).start);
}

/** Another flow starts with a clean form, except the slots the target says to keep. */
function enterOtherFlow(ctx: StepContext, target: Exclude<Target, string>): void {
  if (target.flow === ctx.session.flowId) return;
  const kept: Record<string, unknown> = {};
  for (const path of target.keep ?? []) {
    const v = readPath(ctx.session.slots, path);
    if (v !== undefined) writePath(kept, path, v);
  }
  ctx.session.slots = kept;
  ctx.session.retries = 0;
}

function runFrom(ctx: StepContext, flowId: string, nodeId: string): void {
  let flow = getFlow(ctx, flowId);
  let current = nodeId;
  for (let i = 0; i < MAX_TRANSITIONS; i++) {
    const node: FlowNode | undefined = flow.nodes[current];
    if (!node) throw new FlowRuntimeError(`unknown node ${flow.id}/${current}`);
    ctx.session.flowId = flow.id;
    ctx.session.flowVersion = flow.version;
    ctx.session.node = current;
    ctx.session.awaiting = null;
    let next: Target | null = null;
    switch (node.kind) {
      case 'say':
        say(ctx, node.text, renderParams(ctx, node.params));
        next = node.next;
        break;
      case 'ask':
        if (node.skipIf && isFilled(readPath(ctx.session.slots, node.skipIf))) {
          next = node.next;
          break;
        }
        ask(ctx, node);
        return;
      case 'branch':
        next = node.cases.find((c) => holds(ctx, c.if))?.next ?? node.default;
        break;
      case 'action': {
        const params = renderParams(ctx, node.params);
        if (node.action === 'continueIntent') {
          continueIntent(ctx);
          return;
        }
        if (isBuiltinAction(node.action)) {
          const outcome = runBuiltinAction(ctx, node.action, params);
          ctx.session.lastOutcome = outcome;
          next = outcomeTarget(node.next, outcome);
          break;
        }
        ctx.session.awaiting = 'action';
        ctx.effects.push({ type: 'action', name: node.action, params });
        return;
      }
      case 'end':
        if (node.text) say(ctx, node.text, renderParams(ctx, node.params));
        clearFlow(ctx);
        if (node.after === 'menu') startFlow(ctx, ctx.deps.settings.menuFlow, 'menu');
        return;
    }
    if (typeof next === 'string') {
      current = next;
    } else {
      enterOtherFlow(ctx, next);
      flow = getFlow(ctx, next.flow);
      current = next.node ?? flow.start;
    }
  }
  throw new FlowRuntimeError(`more than ${MAX_TRANSITIONS} steps without waiting in ${flow.id}`);
}

/**
 * On with what the first message asked for (`slots.pendingIntent`), e.g. after the safety
 * check was answered "no"; the main menu when there is nothing to go on with.
 */
function continueIntent(ctx: StepContext): void {
  const slots = ctx.session.slots;
  const intent = typeof slots.pendingIntent === 'string' ? slots.pendingIntent : undefined;
  const flowId = intent ? flowForIntent(ctx, intent) : undefined;
  if (!intent || !flowId || flowId === ctx.session.flowId) {
    startFlow(ctx, ctx.deps.settings.menuFlow, 'menu');
    return;
  }
  const carried: Record<string, unknown> = { intent };
  for (const k of ['query', 'category', 'country', 'ticket', 'reporter'])
    if (slots[k] !== undefined) carried[k] = slots[k];
  ctx.session.lastIntent = intent;
  startFlow(ctx, flowId, undefined, carried);
}

function outcomeTarget(next: Target | Record<string, Target>, outcome: string): Target {
  if (typeof next === 'string' || 'flow' in next) return next as Target;
  const map = next as Record<string, Target>;
  return map[outcome] ?? (map.default as Target);
}

/** Applies an action's result to the node waiting for it and goes on. */
export function resumeAfterAction(ctx: StepContext, result: ActionResult): void {
  const { flowId, node: nodeId } = ctx.session;
  const node = flowId && nodeId ? getFlow(ctx, flowId).nodes[nodeId] : undefined;
  if (node?.kind !== 'action' || ctx.session.awaiting !== 'action') {
    throw new FlowRuntimeError('an action result arrived while no action was pending');
  }
  ctx.session.awaiting = null;
  ctx.session.lastOutcome = result.outcome;
  if (node.slot) writePath(ctx.session.slots, node.slot, result.value ?? null);
  for (const item of result.say ?? []) {
    if (item.append) sayJoined(ctx, item.key, item.params);
    else say(ctx, item.key, item.params);
    const secrets = (item.conceal ?? []).map((p) => String(item.params?.[p] ?? '')).filter(Boolean);
    const last = ctx.replies[ctx.replies.length - 1];
    if (last && secrets.length > 0) last.conceal = [...(last.conceal ?? []), ...secrets];
  }
  goTo(ctx, outcomeTarget(node.next, result.outcome));
}

export function askChoices(ctx: StepContext, node: AskNode): Choice[] | undefined {
  const lang = ctx.session.lang;
  if (node.answer === 'yesno') {
    return [
      { id: 'yes', label: ctx.deps.t(lang, 'common.yes') },
      { id: 'no', label: ctx.deps.t(lang, 'common.no') },
    ];
  }
  if (node.choicesFrom) {
    const raw = readPath(ctx.session.slots, node.choicesFrom);
    if (Array.isArray(raw)) {
      return raw
        .filter((c): c is Choice => typeof c?.id === 'string' && typeof c?.label === 'string')
        .slice(0, 20)
        .map((c) => ({ id: c.id, label: c.label }));
    }
    return [];
  }
  return node.choices?.map((c) => ({ id: c.id, label: ctx.deps.t(lang, c.label) }));
}

/** Sends the question of an ask node and waits. */
export function ask(ctx: StepContext, node: AskNode, prefixKey?: string): void {
  const lang = ctx.session.lang;
  const keys = Array.isArray(node.text) ? node.text : [node.text];
  const question = keys.map((k) => ctx.deps.t(lang, k, renderParams(ctx, node.params))).join('\n\n');
  const text = prefixKey ? `${ctx.deps.t(lang, prefixKey)}\n\n${question}` : question;
  const choices = askChoices(ctx, node);
  const asked = nextQuestion(ctx.session, ctx.deps.now);
  ctx.session.question = asked;
  ctx.replies.push(choices && choices.length > 0 ? { text, choices, question: asked.token } : { text });
  ctx.session.awaiting = 'answer';
}

function isFilled(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

function holds(ctx: StepContext, cond: Condition): boolean {
  if ('intent' in cond) return ctx.session.lastIntent === cond.intent;
  if ('outcome' in cond) return ctx.session.lastOutcome === cond.outcome;
  const value = readPath(ctx.session.slots, cond.slot);
  if ('equals' in cond) return value === cond.equals || (cond.equals === null && value === undefined);
  if ('in' in cond) return cond.in.some((x) => x === value);
  return isFilled(value) === cond.exists;
}
