/**
 * The dialogue service: for each message, lock the conversation, drop duplicates, load the
 * session, run the pure engine (and the actions it asks for), save, then carry out the
 * effects. Channels call `handle`; staff tools call `apply` to change a conversation.
 */
import type { Effect, EngineSettings, StepDeps, StepInput } from '../engine/engine-types.js';
import type { FlowSet } from '../engine/flow-schema.js';
import { type Language, newSession, type Session } from '../engine/session.js';
import type { Translator } from '../i18n/create-translator.js';
import { hashUserId, type Logger } from '../logger.js';
import {
  type Channel,
  type ConversationState,
  type HandleOptions,
  type HandleResult,
  type IncomingMessage,
  incomingMessageSchema,
  type MessageHandler,
  type OutgoingMessage,
} from '../messages.js';
import type { Nlu } from '../nlu/nlu-types.js';
import type { RedisClient } from '../redis.js';
import type { ActionRegistry } from './action-types.js';
import { conversationKeys } from './conversation-keys.js';
import { createConversationLock } from './conversation-lock.js';
import { createEngineRunner, type EngineRunner } from './engine-runner.js';
import { interpretSession } from './session-store.js';

export interface Conversation {
  channel: Channel;
  userId: string;
}

/** Ports the service calls for effects; each may return notices for the user. */
export interface EffectPorts {
  handover?(
    effect: Extract<Effect, { type: 'handover' }>,
    conv: Conversation,
    session: Session,
  ): Promise<OutgoingMessage[]>;
  relay?(effect: Extract<Effect, { type: 'relay' }>, conv: Conversation, session: Session): Promise<void>;
  unanswered?(effect: Extract<Effect, { type: 'unanswered' }>, conv: Conversation): Promise<void>;
}

export interface DialogueServiceDeps {
  redis: RedisClient;
  prefix: string;
  sessionTtlSeconds: number;
  flows: FlowSet;
  translator: Translator;
  nlu: Nlu;
  emergencyContacts: StepDeps['emergencyContacts'];
  /** See StepDeps.hotline. */
  hotline?: StepDeps['hotline'];
  /** See StepDeps.faqBand. */
  faqBand?: StepDeps['faqBand'];
  settings: EngineSettings;
  defaultLanguage: Language;
  actions: ActionRegistry;
  effects?: EffectPorts;
  logger: Logger;
  now?: () => number;
  pseudonymSecret?: string;
  /** Called after each handled message (metrics). */
  onHandled?: (info: { channel: Channel; intent: string | null; ms: number; mode: string }) => void;
}

export interface DialogueService extends MessageHandler {
  /** Applies a non-message input (e.g. staff closed the handover) under the conversation lock. */
  apply(conv: Conversation, input: StepInput): Promise<OutgoingMessage[]>;
  /** Reads or changes a session under the lock; `fn` returns the new session or null to delete it. */
  update(conv: Conversation, fn: (session: Session) => Session | null): Promise<Session | null>;
  peek(conv: Conversation): Promise<Session | null>;
  /** The engine and its actions without Redis (the floor bot of `bench:telegram`). */
  engine: EngineRunner;
}

const DEDUP_SECONDS = 7 * 24 * 3600;

/** The escalation this message caused, if any (scripted chat, evaluations, metrics). */
function escalationOf(effects: readonly Effect[]): { escalation?: NonNullable<ConversationState['escalation']> } {
  const e = effects.find((x) => x.type === 'handover' && x.reason !== 'cancelled_by_user');
  if (e?.type !== 'handover') return {};
  return {
    escalation: {
      reason: e.reason,
      urgent: e.urgent,
      ...(e.category ? { category: e.category } : {}),
      ...(e.suicide ? { suicide: true } : {}),
    },
  };
}

export function createDialogueService(deps: DialogueServiceDeps): DialogueService {
  const { redis, prefix, logger } = deps;
  const now = deps.now ?? Date.now;
  const lock = createConversationLock({ redis, ttlMs: 6_000, waitMs: 15_000 });
  const t = deps.translator.t;

  const runEngine = createEngineRunner({ ...deps, logger });

  async function carryOut(
    effects: Effect[],
    conv: Conversation,
    session: Session,
    log: Logger,
  ): Promise<OutgoingMessage[]> {
    const notices: OutgoingMessage[] = [];
    for (const effect of effects) {
      try {
        if (effect.type === 'handover' && deps.effects?.handover)
          notices.push(...(await deps.effects.handover(effect, conv, session)));
        else if (effect.type === 'relay' && deps.effects?.relay) await deps.effects.relay(effect, conv, session);
        else if (effect.type === 'unanswered' && deps.effects?.unanswered) await deps.effects.unanswered(effect, conv);
      } catch (err) {
        log.error({ err, effect: effect.type }, 'effect failed');
      }
    }
    return notices;
  }

  async function loadOrNew(key: string, log: Logger): Promise<{ session: Session; notice?: OutgoingMessage }> {
    const loaded = interpretSession(await redis.get(key));
    if (loaded.status === 'found') return { session: loaded.session };
    const session = newSession(deps.defaultLanguage, now());
    if (loaded.status === 'corrupt') {
      log.warn({ problem: loaded.problem }, 'corrupt session reset');
      return { session, notice: { text: t(session.lang, 'common.session_reset') } };
    }
    return { session };
  }

  async function handle(raw: IncomingMessage, options?: HandleOptions): Promise<HandleResult> {
    const started = performance.now();
    const parsed = incomingMessageSchema.safeParse(raw);
    if (!parsed.success) {
      logger.error(
        { channel: raw?.channel, problem: parsed.error.issues[0]?.message },
        'invalid incoming message dropped',
      );
      return { replies: [], duplicate: false };
    }
    const msg = parsed.data;
    const conv = { channel: msg.channel, userId: msg.userId };
    const keys = conversationKeys(prefix, msg.channel, msg.userId);
    const log = logger.child({ channel: msg.channel, user: hashUserId(msg.channel, msg.userId, deps.pseudonymSecret) });
    let known: Session | undefined;
    try {
      return await lock.run(keys.lock, async () => {
        const dedupKey = keys.dedup(msg.messageId);
        // The message counts as seen only once its session is saved (below, in one MULTI): a
        // process killed mid-message leaves it to be handled when the channel delivers it again.
        const [seen, stored] = (await redis.pipeline().exists(dedupKey).get(keys.session).exec()) ?? [];
        if (seen?.[0]) throw seen[0];
        if (stored?.[0]) throw stored[0];
        if (Number(seen?.[1]) === 1) return { replies: [], duplicate: true };
        const loaded = interpretSession((stored?.[1] as string | null) ?? null);
        let session: Session;
        const pre: OutgoingMessage[] = [];
        if (loaded.status === 'found') session = loaded.session;
        else {
          session = newSession(deps.defaultLanguage, now());
          if (loaded.status === 'corrupt') {
            log.warn({ problem: loaded.problem }, 'corrupt session reset');
            pre.push({ text: t(session.lang, 'common.session_reset') });
          }
        }
        known = session;
        const out = await runEngine(session, { type: 'message', message: msg }, msg, conv);
        // "hapus data saya": no session and no message mark naming the user stay behind.
        const saved = out.forget
          ? await redis.multi().del(keys.session).exec()
          : await redis
              .multi()
              .set(keys.session, JSON.stringify(out.session), 'EX', deps.sessionTtlSeconds)
              .set(dedupKey, '1', 'EX', DEDUP_SECONDS)
              .exec();
        const failed = saved?.find(([err]) => err)?.[0];
        if (!saved || failed) throw failed ?? new Error('session not saved');
        const notices = await carryOut(out.effects, conv, out.session, log);
        const ms = performance.now() - started;
        log.debug(
          { flow: out.session.flowId, node: out.session.node, intent: out.intent, ms: Math.round(ms) },
          'message handled',
        );
        deps.onHandled?.({ channel: msg.channel, intent: out.intent, ms, mode: out.session.mode });
        const replies = [...pre, ...out.replies, ...notices];
        // Sent before the lock is released: the next message of this chat, even in another
        // process, cannot overtake these replies.
        const delivered = options?.deliver !== undefined && replies.length > 0;
        if (delivered) {
          // The session is saved: a failed send is the channel's to report, not a reason to
          // apologise for a message that was handled.
          await options?.deliver?.(replies)?.catch((err: unknown) => log.warn({ err }, 'replies not delivered'));
        }
        return {
          replies,
          duplicate: false,
          ...(delivered ? { delivered: true } : {}),
          ...(out.forget ? { forgotten: true } : {}),
          state: {
            flow: out.session.flowId,
            node: out.session.node,
            mode: out.session.mode,
            intent: out.intent,
            ...escalationOf(out.effects),
          },
        };
      });
    } catch (err) {
      // Redis away or slow, the lock held too long: nothing was saved, so the conversation
      // stands where it stood. Say so honestly instead of leaving the user without an answer.
      log.error({ err }, 'message not handled; apologising');
      const lang = known?.lang ?? deps.defaultLanguage;
      return {
        replies: [{ text: t(lang, 'common.action_failed') }],
        duplicate: false,
        ...(known ? { state: { flow: known.flowId, node: known.node, mode: known.mode, intent: null } } : {}),
      };
    }
  }

  return {
    handle,
    engine: runEngine,
    async apply(conv, input) {
      const keys = conversationKeys(prefix, conv.channel, conv.userId);
      const log = logger.child({
        channel: conv.channel,
        user: hashUserId(conv.channel, conv.userId, deps.pseudonymSecret),
      });
      return lock.run(keys.lock, async () => {
        const { session } = await loadOrNew(keys.session, log);
        const out = await runEngine(session, input, undefined, conv);
        if (out.forget) await redis.del(keys.session);
        else await redis.set(keys.session, JSON.stringify(out.session), 'EX', deps.sessionTtlSeconds);
        const notices = await carryOut(out.effects, conv, out.session, log);
        return [...out.replies, ...notices];
      });
    },
    async update(conv, fn) {
      const keys = conversationKeys(prefix, conv.channel, conv.userId);
      return lock.run(keys.lock, async () => {
        const { session } = await loadOrNew(keys.session, logger);
        const next = fn(structuredClone(session));
        if (next === null) await redis.del(keys.session);
        else await redis.set(keys.session, JSON.stringify({ ...next, updatedAt: now() }), 'EX', deps.sessionTtlSeconds);
        return next;
      });
    },
    async peek(conv) {
      const keys = conversationKeys(prefix, conv.channel, conv.userId);
      const loaded = interpretSession(await redis.get(keys.session));
      return loaded.status === 'found' ? loaded.session : null;
    },
  };
}
