/**
 * The actions flows call that need no handover or dialogue: safe-migration answers, case groups,
 * the agency check and the complaint form. The handover, answers, case-request and privacy
 * actions are added where those parts are built.
 */
import { createAgencyActions } from './agencies/agency-actions.js';
import type { AgencyRegistry } from './agencies/agency-registry.js';
import type { createAgencySubstantiation } from './agencies/agency-substantiation.js';
import { extractAgencyQuery, isHowToCheck } from './agencies/extract-agency-query.js';
import { type CaseGroups, createCaseGroups } from './complaints/case-groups.js';
import { createComplaintActions } from './complaints/complaint-actions.js';
import type { createComplaintParts } from './compose-complaints.js';
import type { createFaqModule } from './compose-faq.js';
import type { Config } from './config.js';
import type { ActionRegistry } from './core/action-types.js';
import type { Translator } from './i18n/create-translator.js';
import type { Logger } from './logger.js';
import type { RedisClient } from './redis.js';

export function createCaseGroupParts(deps: {
  redis: RedisClient;
  prefix: string;
  logger: Logger;
  translator: Translator;
  cases: ReturnType<typeof createComplaintParts>['cases'];
  /** Posts to the staff group (the handover, once built). */
  notifyStaff: (text: string) => Promise<unknown>;
}): CaseGroups {
  const { cases, translator } = deps;
  return createCaseGroups({
    redis: deps.redis,
    prefix: deps.prefix,
    logger: deps.logger,
    async ownerOf(ticket) {
      const record = await cases.get(ticket);
      const r = record?.reporter;
      return record && r
        ? {
            channel: r.channel,
            userId: r.userId,
            category: record.complaint.category,
            country: record.complaint.country,
          }
        : null;
    },
    postToStaff: async (ticket, count) => {
      await deps.notifyStaff(translator.t('id', 'staff.case_joined', { ticket, count }));
    },
    categoryLabel: (lang, category) => translator.t(lang, `complaint.category.${category}`),
  });
}

export function createBaseActions(deps: {
  config: Config;
  logger: Logger;
  translator: Translator;
  faq: ReturnType<typeof createFaqModule>;
  groups: CaseGroups;
  registry: AgencyRegistry;
  substantiation: ReturnType<typeof createAgencySubstantiation>;
  complaints: ReturnType<typeof createComplaintParts>;
}): ActionRegistry {
  const { config, logger, complaints } = deps;
  return {
    ...deps.faq.actions,
    ...deps.groups.actions,
    extractAgencyQuery: async (ctx) => {
      const text = typeof ctx.params.text === 'string' ? ctx.params.text : '';
      if (isHowToCheck(text)) return { outcome: 'how_to' };
      const q = text ? extractAgencyQuery(text) : null;
      return { outcome: q ? 'found' : 'none', value: q };
    },
    ...createAgencyActions(deps.registry, {
      timeZone: config.HOTLINE_TIMEZONE,
      logger,
      substantiatedCount: deps.substantiation.countFor,
    }),
    ...createComplaintActions({
      intake: complaints.intake,
      cases: complaints.cases,
      t: deps.translator.t,
      logger,
      timeZone: config.HOTLINE_TIMEZONE,
      retentionDays: config.RETENTION_DAYS,
      deadlines: complaints.deadlines,
      groups: deps.groups,
    }),
  };
}
