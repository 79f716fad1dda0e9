/**
 * The handover to hotline staff: the staff console (Telegram group) when configured, case
 * requests from staff to the reporter, the case file for referrals, agency substantiation, media
 * downloads per channel and the after-handover survey.
 */
import type { AgencyRegistry } from './agencies/agency-registry.js';
import type { createAgencySubstantiation } from './agencies/agency-substantiation.js';
import { createSubstantiateCommand } from './agencies/substantiate-command.js';
import { packCase } from './casefile/pack-case.js';
import type { Checklist } from './casefile/referral-checklist.js';
import { createGrammyStaffApi } from './channels/telegram/grammy-staff-api.js';
import { createCaseRequestParts } from './compose-case-requests.js';
import type { ChannelParts } from './compose-channels.js';
import type { createComplaintParts } from './compose-complaints.js';
import type { createFaqModule } from './compose-faq.js';
import { createHandoverEvents } from './compose-ops.js';
import type { Config } from './config.js';
import type { ChannelSender } from './core/messages.js';
import type { DialogueService } from './dialogue/dialogue-service.js';
import type { Flow } from './engine/flow-schema.js';
import { createHandoverLog } from './handover/handover-log.js';
import { createHandoverService, type HandoverService } from './handover/handover-service.js';
import type { Translator } from './i18n/create-translator.js';
import type { Logger } from './logger.js';
import type { WorkMetrics } from './ops/work-metrics.js';
import type { RedisClient } from './redis.js';

export function createHandoverParts(deps: {
  config: Config;
  redis: RedisClient;
  logger: Logger;
  translator: Translator;
  senders: Map<string, ChannelSender>;
  dialogue: () => DialogueService | undefined;
  flows: ReadonlyMap<string, Flow>;
  faq: ReturnType<typeof createFaqModule>;
  complaints: ReturnType<typeof createComplaintParts>;
  checklist: Checklist;
  registry: AgencyRegistry;
  substantiation: ReturnType<typeof createAgencySubstantiation>;
  channels: ChannelParts;
  work: WorkMetrics;
}) {
  const { config, redis, logger, translator, complaints, channels } = deps;
  const { telegram, whatsapp, cloud } = channels;
  const prefix = config.REDIS_PREFIX;
  const { cases, deadlines } = complaints;
  let handoverRef: HandoverService | undefined;
  const handoverLog = createHandoverLog({ redis, prefix, retentionDays: config.RETENTION_DAYS });
  const staffApi = telegram && config.STAFF_CHAT_ID ? createGrammyStaffApi(telegram.api, config.STAFF_CHAT_ID) : null;
  const after = deps.flows.get('after-handover');
  const caseRequests = createCaseRequestParts({
    config,
    redis,
    logger,
    translator,
    senders: deps.senders,
    dialogue: deps.dialogue,
    flow: deps.flows.get('case-answer'),
    postToStaff: (text) => (handoverRef as HandoverService).notifyGroup(text),
  });
  const downloaders = {
    ...(whatsapp ? { whatsapp: (ref: { ref: string }) => whatsapp.downloadMedia(ref.ref) } : {}),
    ...(cloud ? { 'whatsapp-cloud': (ref: { ref: string }) => cloud.channel.downloadMedia(ref.ref) } : {}),
  };
  const handover = createHandoverService({
    redis,
    prefix,
    logger,
    dialogue: () => deps.dialogue() as DialogueService,
    senders: deps.senders,
    translator,
    emergencyContacts: deps.faq.emergencyContacts,
    cases,
    requests: caseRequests,
    pack: (ticket, by) =>
      packCase(
        {
          redis,
          prefix,
          checklist: deps.checklist,
          deadlines,
          timeZone: config.HOTLINE_TIMEZONE,
          t: (key, params) => translator.t('id', key, params),
          lang: 'id',
          secret: config.CASE_FILE_SECRET,
        },
        { ticket, withPersonal: false, operator: by, via: 'staff_console' },
      ),
    substantiate: createSubstantiateCommand({
      registry: deps.registry,
      substantiation: deps.substantiation,
      caseExists: async (ticket) => (await cases.get(ticket)) !== null,
    }),
    config,
    queue: { connection: config.redisUrl, prefix: config.QUEUE_PREFIX },
    ...(staffApi ? { staffApi } : {}),
    ...(whatsapp || telegram || cloud ? { downloaders } : {}),
    ...(after ? { survey: { flowId: after.id, flowVersion: after.version, node: 'ask-rating' } } : {}),
    onEvent: createHandoverEvents({ log: handoverLog, work: deps.work, cases }),
  });
  handoverRef = handover;
  return { handover, handoverLog, staffApi, caseRequests };
}
