/**
 * Sends converted messages to one chat, in order, and turns API failures into values: a
 * user who blocked the bot is marked inactive; any other failure is logged once, here.
 */
import type { Api } from 'grammy';
import type { OutgoingMessage } from '../../core/messages.js';
import type { Logger } from '../../logger.js';
import { describeError, isBlockedError } from './api-policies.js';
import type { InactiveUsers } from './inactive-users.js';
import { toSendMessagePayloads } from './to-outgoing.js';

export type SendOutcome =
  | { status: 'sent'; sent: number; messageIds: number[] }
  /** Telegram answered 403 for a private chat; the user is now marked inactive. */
  | { status: 'blocked'; sent: number; messageIds: number[] }
  /** Nothing was tried: the user is marked inactive. */
  | { status: 'inactive'; sent: 0; messageIds: [] }
  | { status: 'failed'; sent: number; messageIds: number[]; errorCode?: number };

export interface SendOptions {
  /** Forum topic to post in (staff group). */
  threadId?: number;
}

export interface MessageSender {
  send(chatId: number | string, messages: OutgoingMessage[], options?: SendOptions): Promise<SendOutcome>;
}

export function createMessageSender(deps: {
  api: Api;
  logger: Logger;
  inactive: InactiveUsers;
  /** Pseudonymous id for logs. */
  hash: (chatId: string) => string;
}): MessageSender {
  const { api, logger, inactive, hash } = deps;
  return {
    async send(chatId, messages, options = {}) {
      const { payloads, problems } = toSendMessagePayloads(messages);
      for (const problem of problems) logger.warn({ user: hash(String(chatId)), problem }, 'telegram: reply adjusted');
      const messageIds: number[] = [];
      for (const payload of payloads) {
        try {
          const sent = await api.sendMessage(chatId, payload.text, {
            ...(payload.reply_markup ? { reply_markup: payload.reply_markup } : {}),
            ...(options.threadId !== undefined ? { message_thread_id: options.threadId } : {}),
          });
          messageIds.push(sent.message_id);
        } catch (err) {
          const user = hash(String(chatId));
          // A group id is negative; there a 403 means the bot was removed, not a blocked user.
          if (isBlockedError(err) && !String(chatId).startsWith('-')) {
            await inactive.mark(String(chatId));
            logger.info({ user, sent: messageIds.length }, 'telegram: user blocked the bot, marked inactive');
            return { status: 'blocked', sent: messageIds.length, messageIds };
          }
          const summary = describeError(err);
          logger.error({ ...summary, user, sent: messageIds.length, of: payloads.length }, 'telegram: send failed');
          return {
            status: 'failed',
            sent: messageIds.length,
            messageIds,
            ...(summary.errorCode !== undefined ? { errorCode: summary.errorCode } : {}),
          };
        }
      }
      return { status: 'sent', sent: messageIds.length, messageIds };
    },
  };
}
