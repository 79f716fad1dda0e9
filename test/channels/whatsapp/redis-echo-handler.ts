/**
 * A stand-in for the dialogue service until the lead plugs the real one: dedups message ids
 * in the real Redis (SET NX under the test's prefix, as the service does across processes)
 * and echoes what it understood as a structured reply with choices.
 */
import type { IncomingMessage, MessageHandler, OutgoingMessage } from '../../../src/core/messages.js';
import type { RedisClient } from '../../../src/redis.js';
import { describeIncoming } from './fake-wweb.js';

export interface EchoHandler extends MessageHandler {
  received: IncomingMessage[];
  /** Every call, duplicates included. */
  calls: number;
}

export function createRedisEchoHandler(redis: RedisClient, prefix: string): EchoHandler {
  const received: IncomingMessage[] = [];
  const handler: EchoHandler = {
    received,
    calls: 0,
    async handle(message) {
      handler.calls += 1;
      const key = `${prefix}:dedup:${message.channel}:${message.userId}:${message.messageId}`;
      const fresh = await redis.set(key, '1', 'EX', 600, 'NX');
      if (fresh !== 'OK') return { replies: [], duplicate: true };
      received.push(message);
      const said = describeIncoming(message);
      if (said.includes('slow')) await new Promise((r) => setTimeout(r, 150));
      const replies: OutgoingMessage[] = [
        {
          text: said.includes('long') ? 'Kalimat panjang sekali. '.repeat(400) : `got ${said}`,
          choices: [
            { id: 'yes', label: 'Ya' },
            { id: 'no', label: 'Tidak' },
          ],
        },
      ];
      if (said.includes('silent')) return { replies: [], duplicate: false };
      return { replies, duplicate: false };
    },
  };
  return handler;
}
