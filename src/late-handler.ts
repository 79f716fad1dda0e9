import type { HandleOptions, IncomingMessage, MessageHandler } from './core/messages.js';

export class HandlerNotReadyError extends Error {
  constructor() {
    super('a channel handed over a message before the message handler was wired');
    this.name = 'HandlerNotReadyError';
  }
}

export interface LateHandler {
  /** Given to channels and the handover before the pipeline that handles messages exists. */
  handler: MessageHandler;
  resolve(handler: MessageHandler): void;
}

/**
 * Channels and the handover need each other, so channels get a handler that is wired later.
 * It forwards the message and its options untouched: `deliver` sends replies while the
 * conversation is locked, and dropping it silently re-opened the reply-order race between
 * two webhook processes.
 */
export function createLateHandler(): LateHandler {
  let target: MessageHandler | undefined;
  return {
    handler: {
      handle(message: IncomingMessage, options?: HandleOptions) {
        if (!target) return Promise.reject(new HandlerNotReadyError());
        return target.handle(message, options);
      },
    },
    resolve(handler) {
      target = handler;
    },
  };
}
