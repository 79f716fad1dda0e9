/**
 * What happens to one update: classify it, answer a button tap at once, then (in the chat's
 * turn) hand a worker's message to the dialogue service and send its replies, or pass a
 * staff-group message to the staff handler.
 */
import type { Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { HandleResult, MessageHandler, OutgoingMessage } from '../../core/messages.js';
import type { Logger } from '../../logger.js';
import { describeError } from './api-policies.js';
import type { InactiveUsers } from './inactive-users.js';
import type { MessageSender } from './send-messages.js';
import { classifyUpdate, type StaffUpdate, type TelegramInbound } from './to-incoming.js';

/** What the staff console may answer to a staff member's button tap. */
export interface StaffReply {
  callbackText?: string;
  showAlert?: boolean;
}

/** Implemented by the handover's staff console; errors it throws are logged, never fatal. */
export type StaffHandler = (update: StaffUpdate) => Promise<StaffReply | undefined> | Promise<void>;

export interface UpdateProcessorDeps {
  api: Api;
  handler: MessageHandler;
  sender: MessageSender;
  inactive: InactiveUsers;
  logger: Logger;
  hash: (chatId: string) => string;
  now: () => number;
  staffChatId?: string | undefined;
  staffHandler?: StaffHandler | undefined;
  typingAfterMs: number;
}

export interface UpdateProcessor {
  /** `inTurn` runs its work when the chat's previous updates are done. Never rejects. */
  process(update: Update, inTurn: (work: () => Promise<void>) => Promise<unknown>): Promise<void>;
  setStaffHandler(handler: StaffHandler | undefined): void;
}

/** A wrapper, not a bare promise: an async function returning a promise would wait for it. */
interface Queued {
  sent?: Promise<unknown>;
}

export function createUpdateProcessor(deps: UpdateProcessorDeps): UpdateProcessor {
  const { api, logger, hash } = deps;
  let staffHandler = deps.staffHandler;
  const outbox = createOutbox(deps.sender);

  function answerCallback(queryId: string, reply?: StaffReply): Promise<void> {
    return api
      .answerCallbackQuery(queryId, {
        ...(reply?.callbackText ? { text: reply.callbackText } : {}),
        ...(reply?.showAlert ? { show_alert: true } : {}),
      })
      .then(
        () => undefined,
        // An old query ("query is too old") cannot be answered any more; nothing to do.
        (err: unknown) => logger.warn(describeError(err), 'telegram: callback query not answered'),
      );
  }

  /**
   * Returns when the handler is done, with the replies queued: the chat's next message may be
   * handled while these replies are still on their way (they keep their order in `outbox`).
   */
  async function handleUser(inbound: Extract<TelegramInbound, { kind: 'user' }>): Promise<Queued> {
    const { chatId, message, callback } = inbound;
    const typing = setTimeout(() => {
      api.sendChatAction(chatId, 'typing').catch(() => undefined);
    }, deps.typingAfterMs);
    typing.unref();
    let result: HandleResult;
    try {
      [result] = await Promise.all([
        // Writing to us means the user no longer blocks the bot: the turn clears the mark.
        deps.handler.handle(message, { deliver: (replies) => outbox.send(chatId, replies) }),
        callback?.messageId !== undefined ? removeKeyboard(chatId, callback.messageId) : undefined,
      ]);
    } catch (err) {
      logger.error({ ...describeError(err), user: hash(message.userId) }, 'telegram: message handler failed');
      return {};
    } finally {
      clearTimeout(typing);
    }
    if (result.duplicate || result.delivered || result.replies.length === 0) return {};
    return { sent: outbox.send(chatId, result.replies) };
  }

  /** A tapped keyboard is removed so an old question cannot be answered twice. */
  function removeKeyboard(chatId: number, messageId: number): Promise<void> {
    return api.editMessageReplyMarkup(chatId, messageId).then(
      () => undefined,
      (err: unknown) => logger.debug(describeError(err), 'telegram: keyboard not removed'),
    );
  }

  async function handleStaff(inbound: Extract<TelegramInbound, { kind: 'staff' }>): Promise<void> {
    let reply: StaffReply | undefined;
    if (staffHandler) {
      try {
        // A handler that returns nothing resolves to undefined.
        reply = (await staffHandler(inbound.update)) as StaffReply | undefined;
      } catch (err) {
        logger.error(
          { ...describeError(err), staff: hash(inbound.update.fromUserId) },
          'telegram: staff handler failed',
        );
      }
    }
    if (inbound.callbackQueryId) await answerCallback(inbound.callbackQueryId, reply);
  }

  async function dispatch(inbound: TelegramInbound): Promise<Queued> {
    switch (inbound.kind) {
      case 'user':
        return handleUser(inbound);
      case 'staff':
        await handleStaff(inbound);
        return {};
      case 'membership':
        if (inbound.active) await deps.inactive.clear(String(inbound.chatId));
        else {
          logger.info({ user: hash(String(inbound.chatId)) }, 'telegram: user blocked the bot, marked inactive');
          await deps.inactive.mark(String(inbound.chatId));
        }
        return {};
      case 'ignored':
        return {};
    }
  }

  return {
    async process(update, inTurn) {
      const inbound = classifyUpdate(update, { staffChatId: deps.staffChatId, now: deps.now() });
      // Answered before waiting for the chat's turn, so the button stops spinning at once.
      const queryId =
        inbound.kind === 'user'
          ? inbound.callback?.queryId
          : inbound.kind === 'ignored'
            ? inbound.callbackQueryId
            : undefined;
      const answered = queryId ? answerCallback(queryId) : undefined;
      let queued: Queued = {};
      try {
        await inTurn(async () => {
          queued = await dispatch(inbound);
        });
        // The update counts as handled (for stop() and the runner) once its replies are out.
        await queued.sent;
      } catch (err) {
        logger.error({ ...describeError(err), updateId: update.update_id }, 'telegram: update failed');
      }
      await answered;
    },
    setStaffHandler(handler) {
      staffHandler = handler;
    },
  };
}

/** Per chat, sends run one after another in the order they were queued. */
function createOutbox(sender: MessageSender) {
  const tails = new Map<number, Promise<unknown>>();
  // Inline callbacks only: this runs for every reply, and named closures cost more under tsx.
  return {
    send(chatId: number, replies: OutgoingMessage[]): Promise<unknown> {
      const previous = tails.get(chatId);
      const tail = previous
        ? previous.then(
            () => sender.send(chatId, replies),
            () => sender.send(chatId, replies),
          )
        : sender.send(chatId, replies);
      tails.set(chatId, tail);
      tail.then(
        () => tails.get(chatId) === tail && tails.delete(chatId),
        () => tails.get(chatId) === tail && tails.delete(chatId),
      );
      return tail;
    },
  };
}
