/**
 * Drives the real engine with the real flows, locales and complaint actions, the way the
 * dialogue service does (step, run the action it asks for, feed the result back), so the
 * complaint flows are tested end to end without the rest of the bot.
 */
import type { ActionRegistry } from '../../src/core/action-types.js';
import type { Channel, IncomingMessage, OutgoingMessage } from '../../src/core/messages.js';
import type { Effect, StepDeps } from '../../src/engine/engine-types.js';
import { newSession, type Session } from '../../src/engine/session.js';
import { step } from '../../src/engine/step.js';
import { readFlowFiles } from '../../src/flows/load-flows.js';
import { createTranslator, loadLocales } from '../../src/i18n/create-translator.js';
import type { NluResult } from '../../src/nlu/nlu-types.js';

export const translator = createTranslator(loadLocales('locales'));

/** Just enough understanding for the scripts in these tests. */
export function classify(text: string): NluResult {
  const s = text.toLowerCase();
  const hit = (intent: string, entities: NluResult['entities'] = {}): NluResult => ({
    intent,
    confidence: 0.95,
    ranked: [{ intent, score: 0.95 }],
    entities,
    normalized: s,
  });
  if (/^cek status/.test(s)) {
    const m = /adu-[0-9a-z]{8}/i.exec(text);
    return hit('complaint.status', m ? { ticket: m[0].toUpperCase() } : {});
  }
  if (/gaji .*(blm|belum) dibayar/.test(s)) return hit('complaint.new', { category: 'unpaid_wages', country: 'TW' });
  if (/^mau lapor/.test(s)) return hit('complaint.new');
  if (/^batal$/.test(s)) return hit('cancel');
  return { intent: null, confidence: 0, ranked: [], entities: {}, normalized: s };
}

const COUNTRIES: Record<string, string> = { taiwan: 'TW', 'hong kong': 'HK', malaysia: 'MY', saudi: 'SA' };

export function stepDeps(now: number): StepDeps {
  return {
    now,
    t: translator.t,
    classify,
    normalize: (t) => t.toLowerCase(),
    matchCountry: (t) => COUNTRIES[t.toLowerCase().trim()] ?? null,
    emergencyContacts: () => [],
    settings: { formTimeoutMs: 24 * 3600_000, maxMessageLength: 4000, actThreshold: 0.5, menuFlow: 'main-menu' },
  };
}

export interface Turn {
  replies: OutgoingMessage[];
  effects: Effect[];
  session: Session;
}

export class ChatDriver {
  readonly flows = readFlowFiles('flows').flows;
  session: Session;
  private n = 0;

  constructor(
    private readonly actions: ActionRegistry,
    readonly channel: Channel = 'console',
    readonly userId = 'user-1',
    readonly now = () => Date.now(),
  ) {
    this.session = newSession('id', now());
  }

  message(text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage {
    this.n += 1;
    return {
      channel: this.channel,
      userId: this.userId,
      messageId: `m${this.n}`,
      text,
      receivedAt: this.now(),
      ...extra,
    };
  }

  async send(text: string, extra: Partial<IncomingMessage> = {}): Promise<Turn> {
    const message = this.message(text, extra);
    const replies: OutgoingMessage[] = [];
    const effects: Effect[] = [];
    let res = step(this.flows, this.session, { type: 'message', message }, stepDeps(this.now()));
    for (let guard = 0; guard < 10; guard++) {
      this.session = res.session;
      replies.push(...res.replies);
      effects.push(...res.effects);
      const action = res.effects.find((e): e is Extract<Effect, { type: 'action' }> => e.type === 'action');
      if (!action || this.session.awaiting !== 'action') break;
      const handler = this.actions[action.name];
      if (!handler) throw new Error(`no action ${action.name}`);
      const result = await handler({
        channel: this.channel,
        userId: this.userId,
        lang: this.session.lang,
        params: action.params,
        slots: structuredClone(this.session.slots),
        message,
        now: this.now(),
      });
      res = step(this.flows, this.session, { type: 'actionResult', result }, stepDeps(this.now()));
    }
    return { replies, effects, session: this.session };
  }
}

export const textOf = (turn: Turn): string => turn.replies.map((r) => r.text).join('\n---\n');
