/**
 * Wiring of one bot process, used by src/main.ts (the composition root). Kept apart so
 * main.ts stays about arguments, signals and exit codes.
 */

import { createConsoleSender } from './channels/console/run-interactive.js';
import type { Config } from './config.js';
import type { ActionRegistry } from './dialogue/action-types.js';
import { conversationKeys } from './dialogue/conversation-keys.js';
import { createDialogueService, type DialogueService, type EffectPorts } from './dialogue/dialogue-service.js';
import { LocaleError } from './errors.js';
import { loadFlows } from './flows/load-flows.js';
import { checkLocaleParity, createTranslator, loadLocales } from './i18n/create-translator.js';
import type { Logger } from './logger.js';
import type { ChannelAdapter, ChannelSender } from './messages.js';
import { createNlu } from './nlu/create-nlu.js';
import { loadNluModel } from './nlu/load-nlu-model.js';
import { closeRedis, createRedis } from './redis.js';

export interface Bot {
  dialogue: DialogueService;
  start(): Promise<void>;
  /** Waits until queued work (complaints) is handled, bounded; for scripted runs. */
  settle(): Promise<void>;
  close(): Promise<void>;
  resetConversation(channel: 'console', userId: string): Promise<void>;
}

export interface ComposeOptions {
  config: Config;
  logger: Logger;
  /** Where the console channel prints messages the bot sends on its own; null in scripted runs. */
  consoleOutput: NodeJS.WritableStream | null;
  http: boolean;
}

export const INTENT_LABELS = [
  'greeting',
  'menu',
  'faq.procedure',
  'faq.documents',
  'faq.costs',
  'faq.rights',
  'faq.contract',
  'faq.social_security',
  'faq.scam_signs',
  'faq.destination',
  'agency.check',
  'complaint.new',
  'complaint.status',
  'handover.request',
  'emergency',
  'language.change',
  'privacy.delete',
  'cancel',
  'thanks',
  'out_of_scope',
] as const;

export async function composeBot(opts: ComposeOptions): Promise<Bot> {
  const { config, logger } = opts;
  const locales = loadLocales(config.LOCALES_DIR);
  const parity = checkLocaleParity(locales);
  if (parity.length > 0) throw new LocaleError(parity);
  const translator = createTranslator(locales);
  const nlu = createNlu(loadNluModel({ flowsDir: config.FLOWS_DIR, lexiconDir: 'data/lexicon' }));
  const redis = createRedis(config.redisUrl);
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  const prefix = config.REDIS_PREFIX;

  const senders = new Map<string, ChannelSender>();
  if (opts.consoleOutput) senders.set('console', createConsoleSender(opts.consoleOutput));
  const channels: ChannelAdapter[] = [];

  const actions: ActionRegistry = {
    deleteMyData: async () => ({ outcome: 'ok' }),
  };
  const effects: EffectPorts = {
    handover: async (_e, _conv, session) => [{ text: translator.t(session.lang, 'handover.no_staff_console') }],
  };
  const { flows } = loadFlows(config.FLOWS_DIR, {
    actions: Object.keys(actions),
    missingIn: translator.missingIn,
    intents: INTENT_LABELS,
  });
  const dialogue = createDialogueService({
    redis,
    prefix,
    sessionTtlSeconds: config.HANDOVER_TTL_DAYS * 86_400,
    flows,
    translator,
    nlu,
    emergencyContacts: () => [],
    settings: {
      formTimeoutMs: config.SESSION_TTL_HOURS * 3_600_000,
      maxMessageLength: config.MAX_MESSAGE_LENGTH,
      codeWord: config.CODE_WORD,
      actThreshold: 0.5,
      menuFlow: 'main-menu',
    },
    defaultLanguage: config.DEFAULT_LANGUAGE,
    actions,
    effects,
    logger,
    pseudonymSecret: config.PSEUDONYM_SECRET,
  });

  return {
    dialogue,
    async start() {
      for (const c of channels) await c.start();
    },
    async settle() {},
    async close() {
      for (const c of channels) await c.stop().catch((err) => logger.error({ err }, 'channel stop failed'));
      await closeRedis(redis);
    },
    async resetConversation(channel, userId) {
      await redis.del(conversationKeys(prefix, channel, userId).session);
    },
  };
}
