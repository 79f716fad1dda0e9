/**
 * The pure engine plus the actions it asks for, fed back until it settles: what the dialogue
 * service runs under the conversation lock. Its step dependencies are built once; only the
 * clock changes per call.
 */

import type { ActionRegistry, ActionResult } from '../core/action-types.js';
import type { Channel, IncomingMessage, OutgoingMessage } from '../core/messages.js';
import type { Effect, EngineSettings, StepDeps, StepInput, StepResult } from '../engine/engine-types.js';
import type { FlowSet } from '../engine/flow-schema.js';
import type { Session } from '../engine/session.js';
import { step } from '../engine/step.js';
import type { Translator } from '../i18n/create-translator.js';
import type { Logger } from '../logger.js';
import type { Nlu } from '../nlu/nlu-types.js';
import { runAction } from './run-action.js';

export interface EngineRunnerDeps {
  flows: FlowSet;
  translator: Translator;
  nlu: Nlu;
  emergencyContacts: StepDeps['emergencyContacts'];
  hotline?: StepDeps['hotline'];
  faqBand?: StepDeps['faqBand'];
  ruleAsked?: StepDeps['ruleAsked'];
  settings: EngineSettings;
  actions: ActionRegistry;
  logger: Logger;
  now?: () => number;
}

export interface EngineRun {
  session: Session;
  replies: OutgoingMessage[];
  effects: Effect[];
  intent: string | null;
  /** An action asked for the conversation's data to be forgotten ("hapus data saya"). */
  forget: boolean;
}

export type EngineRunner = (
  session: Session,
  input: StepInput,
  message: IncomingMessage | undefined,
  conv: { channel: Channel; userId: string },
  /** Told the replies of actions whose effect already happened (a complaint queued or spooled). */
  onCommitted?: (replies: OutgoingMessage[]) => void,
) => Promise<EngineRun>;

export function createEngineRunner(deps: EngineRunnerDeps): EngineRunner {
  const now = deps.now ?? Date.now;
  const nlu = deps.nlu;
  // Built once: a fresh object with fresh closures per step was garbage on every message.
  const base: Omit<StepDeps, 'now'> = {
    t: deps.translator.t,
    classify: (text: string) => nlu.classify(text),
    normalize: (text: string) => nlu.normalize(text),
    matchCountry: (text: string) => nlu.matchCountry(text),
    emergencyContacts: deps.emergencyContacts,
    ...(deps.hotline ? { hotline: deps.hotline } : {}),
    ...(deps.faqBand ? { faqBand: deps.faqBand } : {}),
    ...(deps.ruleAsked ? { ruleAsked: deps.ruleAsked } : {}),
    settings: deps.settings,
  };
  const stepDeps = (): StepDeps => ({ ...base, now: now() });

  return async (session, input, message, conv, onCommitted) => {
    let result: StepResult = step(deps.flows, session, input, stepDeps());
    const replies = [...result.replies];
    const effects: Effect[] = [];
    const intent = result.intent;
    let forget = false;
    const committed: OutgoingMessage[] = [];
    for (let i = 0; i < 10; i++) {
      const pending = result.effects.find((e) => e.type === 'action');
      for (const e of result.effects) if (e.type !== 'action') effects.push(e);
      if (pending?.type !== 'action') break;
      const actionResult: ActionResult = await runAction(deps.actions, pending, {
        conv,
        session: result.session,
        message,
        now: now(),
        logger: deps.logger,
      });
      forget ||= actionResult.forget === true;
      result = step(deps.flows, result.session, { type: 'actionResult', result: actionResult }, stepDeps());
      replies.push(...result.replies);
      if (actionResult.committed) committed.push(...result.replies);
    }
    if (committed.length > 0) onCommitted?.(committed);
    return { session: result.session, replies, effects, intent, forget };
  };
}
