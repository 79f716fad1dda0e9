/**
 * A MessageHandler stub that behaves like the dialogue service where the adapter can see it:
 * the same message id twice is reported as a duplicate and answered with nothing.
 */
import type { IncomingMessage, MessageHandler, OutgoingMessage } from '../../../src/core/messages.js';

export interface ScriptedHandler extends MessageHandler {
  /** Messages handled (duplicates left out). */
  readonly received: IncomingMessage[];
  /** Every `handle` call, duplicates included. */
  readonly calls: number;
}

export function createScriptedHandler(
  script: (message: IncomingMessage) => OutgoingMessage[] | Promise<OutgoingMessage[]>,
): ScriptedHandler {
  const seen = new Set<string>();
  const received: IncomingMessage[] = [];
  let calls = 0;
  return {
    received,
    get calls() {
      return calls;
    },
    async handle(message) {
      calls++;
      const key = `${message.channel}:${message.userId}:${message.messageId}`;
      if (seen.has(key)) return { replies: [], duplicate: true };
      seen.add(key);
      received.push(message);
      return { replies: await script(message), duplicate: false };
    },
  };
}

/** A small conversation: greeting with a choice, a question answered by tap or by typing. */
export function demoConversation(message: IncomingMessage): OutgoingMessage[] {
  if (message.text?.startsWith('/start')) {
    return [
      { text: 'Halo! Saya Sahabat PMI.' },
      {
        text: 'Mau apa?',
        choices: [
          { id: 'ask', label: 'Tanya' },
          { id: 'report', label: 'Lapor' },
        ],
      },
    ];
  }
  if (message.choiceId === 'report' || message.text?.toLowerCase() === 'lapor') {
    return [{ text: 'Ceritakan masalahnya.' }];
  }
  if (message.media) return [{ text: `Diterima: ${message.media.kind}` }];
  return [{ text: `Kamu menulis: ${message.text ?? ''}` }];
}
