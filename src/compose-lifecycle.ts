/**
 * The composed bot as a service: start the parts in order, settle queued work for scripted runs,
 * and close everything (channels first, in-flight messages drained, Redis last).
 */

import type { CaseSweep } from './complaints/case-sweep.js';
import type { ComplaintWorker } from './complaints/complaint-worker.js';
import type { createComplaintParts } from './compose-complaints.js';
import type { ChannelAdapter, MessageHandler } from './core/messages.js';
import { conversationKeys } from './dialogue/conversation-keys.js';
import type { DialogueService } from './dialogue/dialogue-service.js';
import type { HandoverService } from './handover/handover-service.js';
import type { HttpServer } from './http/http-server.js';
import type { Logger } from './logger.js';
import type { InflightGate } from './ops/shutdown.js';
import { closeRedis, type RedisClient } from './redis.js';

export interface Bot {
  dialogue: DialogueService;
  /** What channels call: the dialogue service plus the short history staff see on escalation. */
  handler: MessageHandler;
  start(): Promise<void>;
  /** Waits until queued work (complaints) is handled, bounded; for scripted runs. */
  settle(): Promise<void>;
  close(): Promise<void>;
  resetConversation(channel: 'console', userId: string): Promise<void>;
  /** Overdue cases and check-ins; runs on a timer where the staff console runs, on demand in tests. */
  caseSweep: CaseSweep;
}

/** A part that starts with the service (optional) and closes with it. */
export interface ServicePart {
  name: string;
  start?: () => Promise<void> | void;
  close: () => Promise<void> | void;
}

export function createBotLifecycle(deps: {
  logger: Logger;
  redis: RedisClient;
  prefix: string;
  dialogue: DialogueService;
  handler: MessageHandler;
  inflight: InflightGate;
  handover: HandoverService;
  http: HttpServer | null;
  channels: ChannelAdapter[];
  worker: ComplaintWorker | null;
  complaintsQueue: ReturnType<typeof createComplaintParts>['complaintsQueue'];
  /** Started in this order after the handover, closed in this order after it. */
  parts: ServicePart[];
  caseSweep: CaseSweep;
}): Bot {
  const { logger, worker, handover, http, channels, inflight } = deps;
  return {
    dialogue: deps.dialogue,
    handler: deps.handler,
    async start() {
      await worker?.waitUntilReady();
      await handover.start();
      for (const p of deps.parts) await p.start?.();
      if (http) await http.listen();
      // Together: a channel waiting for its network (Telegram retrying) must not hold back the others.
      await Promise.all(channels.map((c) => c.start()));
    },
    async settle() {
      // Scripted runs end right after the last line: give the in-process worker a moment to store cases.
      if (!worker) return;
      const deadline = Date.now() + 5000;
      for (;;) {
        const counts = await deps.complaintsQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(counts).every((n) => n === 0) || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      for (const c of channels) await c.stop().catch((err) => logger.error({ err }, 'channel stop failed'));
      // Finish messages already being handled; refuse new ones.
      inflight.close();
      await inflight.drain();
      await handover.stop().catch((err) => logger.error({ err }, 'handover stop failed'));
      await http?.close().catch((err) => logger.error({ err }, 'http close failed'));
      for (const p of deps.parts) {
        await Promise.resolve()
          .then(() => p.close())
          .catch((err) => logger.error({ err, part: p.name }, 'close failed'));
      }
      await closeRedis(deps.redis);
    },
    caseSweep: deps.caseSweep,
    async resetConversation(channel, userId) {
      await deps.redis.del(conversationKeys(deps.prefix, channel, userId).session);
    },
  };
}
