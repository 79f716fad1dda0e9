/**
 * Two-way case requests in a bot process (used by src/compose-bot.ts): `/minta` from the
 * staff console reaches the worker in their channel, through the quiet gate, and puts an idle
 * conversation on the answer flow (flows/case-answer.yaml).
 */
import { type CaseRequests, createCaseRequests } from './complaints/case-requests.js';
import type { Config } from './config.js';
import type { ChannelSender } from './core/messages.js';
import type { DialogueService } from './dialogue/dialogue-service.js';
import type { Flow } from './engine/flow-schema.js';
import type { Translator } from './i18n/create-translator.js';
import type { Logger } from './logger.js';
import { createQuietGate } from './ops/quiet-gate.js';
import type { RedisClient } from './redis.js';

export function createCaseRequestParts(deps: {
  config: Config;
  redis: RedisClient;
  logger: Logger;
  translator: Pick<Translator, 't'>;
  senders: ReadonlyMap<string, ChannelSender>;
  dialogue: () => DialogueService | undefined;
  flow: Pick<Flow, 'id' | 'version'> | undefined;
  postToStaff: (text: string) => Promise<void>;
}): CaseRequests {
  const { translator } = deps;
  return createCaseRequests({
    redis: deps.redis,
    prefix: deps.config.REDIS_PREFIX,
    logger: deps.logger,
    userText: (lang, key, params) => translator.t(lang, key, params),
    staffText: (key, params) => translator.t('id', key, params),
    async sendToWorker(channel, userId, messages) {
      const sender = deps.senders.get(channel);
      const dialogue = deps.dialogue();
      if (!sender || !dialogue) return false;
      // Staff asked, not the worker: a shared phone's owner may have asked for silence.
      if (!(await createQuietGate(dialogue)({ channel, userId }))) return false;
      await sender.send(userId, messages);
      return true;
    },
    async placeOnAnswerFlow(channel, userId, caseRequest) {
      const dialogue = deps.dialogue();
      const flow = deps.flow;
      if (!dialogue || !flow) return false;
      // Only an idle bot conversation: a form half filled or a staff conversation is not interrupted.
      const placed = await dialogue.update({ channel, userId }, (s) =>
        s.mode === 'bot' && s.flowId === null
          ? {
              ...s,
              flowId: flow.id,
              flowVersion: flow.version,
              node: 'ask-how',
              awaiting: 'answer',
              retries: 0,
              slots: { caseRequest },
            }
          : s,
      );
      const slot = placed?.slots.caseRequest as { requestId?: string } | undefined;
      return placed?.flowId === flow.id && slot?.requestId === caseRequest.requestId;
    },
    postToStaff: deps.postToStaff,
  });
}
