/**
 * The dialogue service: for each message, lock the conversation, drop duplicates, load the
 * session, run the pure engine (and the actions it asks for), save, then carry out the
 * effects. Channels call `handle`; staff tools call `apply` to change a conversation.
 */

import type { ActionRegistry } from '../core/action-types.js';
import {
  type Channel,
  type ConversationState,
  type HandleOptions,
  type HandleResult,
  type IncomingMessage,
  incomingMessageSchema,
  keptText,
  type MessageHandler,
  type OutgoingMessage,
} from '../core/messages.js';
import type { Effect, EngineSettings, StepDeps, StepInput } from '../engine/engine-types.js';
import type { FlowSet } from '../engine/flow-schema.js';
import { type Language, newSession, type Session } from '../engine/session.js';
import type { Translator } from '../i18n/create-translator.js';
import { hashUserId, type Logger } from '../logger.js';
import type { Nlu } from '../nlu/nlu-types.js';
import type { RedisClient } from '../redis.js';
import { conversationKeys } from './conversation-keys.js';
import { createConversationLock } from './conversation-lock.js';
import { createEngineRunner, type EngineRunner } from './engine-runner.js';
import { messageMark } from './message-mark.js';
import { interpretSession } from './session-store.js';
import { createTurnScripts, type FinishArgs } from './turn-scripts.js';

/** Where and how the turn scripts record the staff history. */
export interface TurnHistory {
  keyOf(conv: Conversation): string;
  maxItems: number;
  ttlSeconds: number;
  entryOf(message: IncomingMessage): object;
  /** Undefined when the bot's lines are not recorded. */
  botEntryOf(text: string, at: number): object | undefined;
  /**
   * The user's line and the bot's answer to it as one entry, replacing the user's line when it
   * is still the last one (fewer, smaller entries); undefined to keep them apart.
   */
  joined?(user: object, bot: object): object | undefined;
}

/** Where the turn scripts count a line the bot did not understand (see src/faq/faq-stats.ts). */
export interface TurnUnanswered {
  keyOf(conv: Conversation): string;
  lineOf(text: string): string | undefined;
  ttlSeconds: number;
  oldestDay(): string;
}

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
  /** See StepDeps.ruleAsked. */
  ruleAsked?: StepDeps['ruleAsked'];
  settings: EngineSettings;
  defaultLanguage: Language;
  actions: ActionRegistry;
  effects?: EffectPorts;
  logger: Logger;
  now?: () => number;
  pseudonymSecret?: string;
  /**
   * The user's budget (USER_RATE_PER_MINUTE), counted in the turn's first script. Over it,
   * messages are dropped, and the first refused message of a window is answered `ops.slow_down`.
   */
  userLimit?: { perMinute: number; onLimited?: (msg: IncomingMessage) => void };
  /** The staff history, written by the turn's two scripts (see src/handover/relay-history.ts). */
  history?: TurnHistory;
  /** The not-understood backlog, written by the turn's save script (the effect port still runs). */
  unanswered?: TurnUnanswered;
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
  /** True while this user is over their budget and refused from memory (see `userLimit`). */
  refusing(msg: Pick<IncomingMessage, 'channel' | 'userId'>): boolean;
}

const LOCK_TTL_MS = 6_000;
/** Marks kept per conversation: redeliveries come within a few messages, not 64. */
const MARKS_MAX = 64;
/** Telegram keeps an undelivered update for 24 hours; WhatsApp may redeliver after a reconnect. */
const MARKS_TTL_SECONDS = 7 * 24 * 3600;
/** Users refused from memory until their window ends, at most this many remembered. */
const MAX_LIMITED = 10_000;

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

/**
 * The bot's turn as one history line (its opening words; see relay-history.ts), and that line
 * joined to the user's, for the script to use when the user's line is still the last.
 */
function botLines(
  history: TurnHistory,
  userEntry: object | undefined,
  replies: OutgoingMessage[],
): Pick<FinishArgs, 'historyEntries' | 'historyJoin' | 'historyJoined'> {
  const none = { historyEntries: [], historyJoin: '', historyJoined: '' };
  if (replies.length === 0) return none;
  // A PIN given in a reply is shown once: the staff history keeps it masked.
  const entry = history.botEntryOf(replies.map((r) => keptText(r)).join(' '), Date.now());
  if (!entry) return none;
  const joined = userEntry ? history.joined?.(userEntry, entry) : undefined;
  return {
    historyEntries: [JSON.stringify(entry)],
    historyJoin: joined && userEntry ? JSON.stringify(userEntry) : '',
    historyJoined: joined ? JSON.stringify(joined) : '',
  };
}

export function createDialogueService(deps: DialogueServiceDeps): DialogueService {
  const { redis, prefix, logger } = deps;
  const now = deps.now ?? Date.now;
  const lock = createConversationLock({ redis, ttlMs: LOCK_TTL_MS, waitMs: 15_000 });
  const scripts = createTurnScripts(redis);
  const limited = new Map<string, number>();
  const rememberLimited = (key: string, until: number) => {
    if (limited.size >= MAX_LIMITED) limited.delete(limited.keys().next().value as string);
    limited.set(key, until);
  };
  const t = deps.translator.t;

  const runEngine = createEngineRunner({ ...deps, logger });

  async function carryOut(
    effects: Effect[],
    conv: Conversation,
    session: Session,
    log: () => Logger,
  ): Promise<OutgoingMessage[]> {
    const notices: OutgoingMessage[] = [];
    for (const effect of effects) {
      try {
        if (effect.type === 'handover' && deps.effects?.handover)
          notices.push(...(await deps.effects.handover(effect, conv, session)));
        else if (effect.type === 'relay' && deps.effects?.relay) await deps.effects.relay(effect, conv, session);
        else if (effect.type === 'unanswered' && deps.effects?.unanswered) await deps.effects.unanswered(effect, conv);
      } catch (err) {
        log().error({ err, effect: effect.type }, 'effect failed');
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
    // A child logger (with redaction) per message was ~6% of allocated bytes: made only when used.
    let child: Logger | undefined;
    const log = () => {
      child ??= logger.child({ channel: msg.channel, user: hashUserId(msg.channel, msg.userId, deps.pseudonymSecret) });
      return child;
    };
    const limit = deps.userLimit;
    const refusedUntil = limit ? limited.get(keys.rate) : undefined;
    if (refusedUntil !== undefined) {
      // Over budget: answered from memory until the window ends, without Redis or the queue
      // behind the conversation's lock, so a flood costs nothing and slows nobody.
      if (now() < refusedUntil) {
        limit?.onLimited?.(msg);
        return { replies: [], duplicate: false };
      }
      limited.delete(keys.rate);
    }
    // A key that is not written this turn is still named, by one of the conversation's own: all
    // keys of a script must share its Cluster slot.
    const turn = {
      ...keys,
      history: deps.history?.keyOf(conv) ?? keys.session,
      unanswered: deps.unanswered?.keyOf(conv) ?? keys.session,
    };
    const mark = messageMark(msg.messageId);
    const history = deps.history;
    const userEntry = history?.entryOf(msg);
    let known: Session | undefined;
    let committed: OutgoingMessage[] = [];
    // Replies already handed to the channel when the save failed: the apology must not repeat them.
    let sentBeforeSave = false;
    try {
      return await lock.runTurn(
        keys.lock,
        async (token) => {
          const began = await scripts.begin(turn, {
            token,
            lockTtlMs: LOCK_TTL_MS,
            mark,
            userLimit: limit?.perMinute ?? 0,
            userWindowMs: 60_000,
            historyEntry: userEntry ? JSON.stringify(userEntry) : '',
            historyMax: history?.maxItems ?? 0,
            historyTtlSeconds: history?.ttlSeconds ?? 0,
          });
          return began.status === 'locked' ? 'locked' : began;
        },
        async (token, began, control): Promise<HandleResult> => {
          if (began.status === 'duplicate') {
            control.released();
            return { replies: [], duplicate: true };
          }
          if (began.status === 'limited') {
            control.released();
            rememberLimited(keys.rate, now() + began.retryAfterMs);
            limit?.onLimited?.(msg);
            if (!began.notify) return { replies: [], duplicate: false };
            const stored = interpretSession(began.session);
            const lang = stored.status === 'found' ? stored.session.lang : deps.defaultLanguage;
            return { replies: [{ text: t(lang, 'ops.slow_down') }], duplicate: false };
          }
          const loaded = interpretSession(began.session);
          let session: Session;
          const pre: OutgoingMessage[] = [];
          if (loaded.status === 'found') session = loaded.session;
          else {
            session = newSession(deps.defaultLanguage, now());
            if (loaded.status === 'corrupt') {
              log().warn({ problem: loaded.problem }, 'corrupt session reset');
              pre.push({ text: t(session.lang, 'common.session_reset') });
            }
          }
          known = session;
          const out = await runEngine(session, { type: 'message', message: msg }, msg, conv, (r) => {
            committed = r;
          });
          const replies = [...pre, ...out.replies];
          // Effects that act on the conversation (handover, relay) run under the lock; the rest after.
          const locked = out.effects.some((e) => e.type !== 'unanswered');
          const delivering = options?.deliver !== undefined && !locked;
          // Sent before the save that releases the lock, so the next message of this chat, even in
          // another process, cannot overtake them, and save, mark and unlock stay one Redis call.
          // (Saved first and sent after, a crash in between lost the reply; now it can repeat one.)
          const early = delivering && replies.length > 0;
          if (early) {
            sentBeforeSave = true;
            await options?.deliver?.(replies)?.catch((err: unknown) => log().warn({ err }, 'replies not delivered'));
          }
          // The message counts as seen only once its session is saved, in the same script: a
          // process killed mid-message leaves it to be handled when the channel delivers it again.
          // "hapus data saya": no session and no message mark naming the user stay behind.
          const unanswered = out.effects.find((e) => e.type === 'unanswered');
          const unansweredLine =
            unanswered?.type === 'unanswered' && !out.forget ? deps.unanswered?.lineOf(unanswered.text) : undefined;
          await scripts.finish(turn, {
            session: out.forget ? null : JSON.stringify(out.session),
            sessionTtlSeconds: deps.sessionTtlSeconds,
            mark,
            marksMax: MARKS_MAX,
            marksTtlSeconds: MARKS_TTL_SECONDS,
            // A turn with effects on the conversation keeps the lock until its replies are out
            // (released after, a third call): another process's next message of this chat must
            // not overtake them. (A lock left to expire on its own instead let this process's next
            // message jump ahead of another process's waiting one: fault scenario 4.)
            token: locked ? '' : token,
            historyMax: history?.maxItems ?? 0,
            historyTtlSeconds: history?.ttlSeconds ?? 0,
            ...(history && !out.forget
              ? botLines(history, userEntry, replies)
              : { historyEntries: [], historyJoin: '', historyJoined: '' }),
            unansweredLine: unansweredLine ?? '',
            unansweredTtlSeconds: deps.unanswered?.ttlSeconds ?? 0,
            unansweredOldestDay: deps.unanswered?.oldestDay() ?? '',
          });
          if (!locked) control.released();
          const notices = out.effects.length > 0 ? await carryOut(out.effects, conv, out.session, log) : [];
          const ms = performance.now() - started;
          if (logger.isLevelEnabled('debug')) {
            log().debug(
              { flow: out.session.flowId, node: out.session.node, intent: out.intent, ms: Math.round(ms) },
              'message handled',
            );
          }
          deps.onHandled?.({ channel: msg.channel, intent: out.intent, ms, mode: out.session.mode });
          replies.push(...notices);
          // Sent while the lock is held: the next message of this chat, even in another
          // process, cannot overtake these replies.
          const delivered = options?.deliver !== undefined && replies.length > 0;
          if (delivered && !early) {
            // The session is saved: a failed send is the channel's to report, not a reason to
            // apologise for a message that was handled.
            await options?.deliver?.(replies)?.catch((err: unknown) => log().warn({ err }, 'replies not delivered'));
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
        },
      );
    } catch (err) {
      // Redis away or slow, the lock held too long: nothing was saved, so the conversation
      // stands where it stood. Say so honestly instead of leaving the user without an answer.
      const lang = known?.lang ?? deps.defaultLanguage;
      if (sentBeforeSave) {
        // The answer is out but the chat could not be saved: no repeat, and an honest word.
        log().error({ err }, 'replies sent but the chat not saved');
        const key = committed.length > 0 ? 'common.saved_elsewhere' : 'common.reply_not_saved';
        return { replies: [{ text: t(lang, key) }], duplicate: false };
      }
      if (committed.length > 0) {
        // The complaint is safe (queued or spooled) but the chat could not be saved: the user
        // must still see their ticket, and hear that the rest may need repeating.
        log().error({ err }, 'message handled but not saved; the committed replies are sent');
        return {
          replies: [...committed, { text: t(lang, 'common.saved_elsewhere') }],
          duplicate: false,
          ...(known ? { state: { flow: known.flowId, node: known.node, mode: known.mode, intent: null } } : {}),
        };
      }
      log().error({ err }, 'message not handled; apologising');
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
    refusing(msg) {
      const until = limited.get(conversationKeys(prefix, msg.channel, msg.userId).rate);
      return until !== undefined && now() < until;
    },
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
        const notices = await carryOut(out.effects, conv, out.session, () => log);
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
