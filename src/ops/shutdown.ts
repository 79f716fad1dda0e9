/**
 * The gate that stops taking messages on shutdown and lets those in flight finish (the
 * composition root closes workers, queues and Redis after it, each step bounded).
 */
import type { MessageHandler } from '../core/messages.js';

export class ShuttingDownError extends Error {
  constructor() {
    super('the bot is shutting down and takes no new messages');
    this.name = 'ShuttingDownError';
  }
}

export interface InflightGate {
  /** The handler to give the channels: counts messages in flight, refuses new ones once closed. */
  wrap(handler: MessageHandler): MessageHandler;
  /** Stops taking messages: `handle` rejects with `ShuttingDownError` so channels do not acknowledge them. */
  close(): void;
  /** Resolves when no message is in flight (after `close`, when the last one finished). */
  drain(): Promise<void>;
  readonly active: number;
}

export function createInflightGate(): InflightGate {
  let active = 0;
  let open = true;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (active > 0) return;
    for (const w of waiters) w();
    waiters = [];
  };
  return {
    wrap(handler) {
      return {
        async handle(msg, options) {
          if (!open) throw new ShuttingDownError();
          active += 1;
          try {
            return await handler.handle(msg, options);
          } finally {
            active -= 1;
            settle();
          }
        },
      };
    },
    close() {
      open = false;
    },
    drain() {
      if (active === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    get active() {
      return active;
    },
  };
}
