/**
 * Outgoing messages go through one queue with two limits, because bursts are what gets a
 * WhatsApp number banned: about one message per second per chat, and a global number per
 * minute. Messages to one chat keep their order.
 */
import { RateLimiterMemory, RateLimiterQueue } from 'rate-limiter-flexible';
import { type ChatLanes, createChatLanes } from './chat-lanes.js';

export interface SendQueueOptions {
  /** Delivers one text; rejects when WhatsApp did not take it. */
  deliver: (chatId: string, text: string) => Promise<void>;
  perMinute: number;
  /** Minimum gap between two messages to the same chat. */
  perChatIntervalMs?: number;
  /** Bound on messages waiting for the global limit; beyond it `send` rejects. */
  maxQueued?: number;
}

export interface SendQueue {
  /** Sends `texts` to `chatId` in order, waiting for both limits; resolves once all were delivered. */
  send(chatId: string, texts: string[]): Promise<void>;
  /** Resolves when nothing is waiting or being sent. */
  idle(): Promise<void>;
}

export function createSendQueue(options: SendQueueOptions): SendQueue {
  const perChatMs = options.perChatIntervalMs ?? 1000;
  const global = new RateLimiterQueue(new RateLimiterMemory({ points: options.perMinute, duration: 60 }), {
    maxQueueSize: options.maxQueued ?? 10_000,
  });
  // One limiter shared by all chats (its keys expire on their own); a fresh queue per busy lane,
  // because RateLimiterQueue never forgets a key it has seen.
  const perChat = new RateLimiterMemory({ points: 1, duration: perChatMs / 1000 });
  const lanes: ChatLanes = createChatLanes();

  return {
    send(chatId, texts) {
      if (texts.length === 0) return Promise.resolve();
      return lanes.run(chatId, async () => {
        const chatQueue = new RateLimiterQueue(perChat);
        for (const text of texts) {
          await chatQueue.removeTokens(1, chatId);
          await global.removeTokens(1);
          await options.deliver(chatId, text);
        }
      });
    },
    idle: () => lanes.idle(),
  };
}
