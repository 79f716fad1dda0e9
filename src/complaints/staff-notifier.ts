/**
 * How hotline staff hear about a new case. The handover issue implements the real one (the
 * staff console); until then the default writes one pseudonymous log line.
 */
import type { Logger } from '../logger.js';
import type { CaseSummary } from './complaint-schema.js';

export interface StaffNotifier {
  /** Called at least once per new case (again only if the worker died before recording it). */
  notifyNewCase(summary: CaseSummary): Promise<void>;
}

/** Logs ticket, category, country and urgency: no names, no chat ids, no text. */
export function createLogStaffNotifier(logger: Logger): StaffNotifier {
  return {
    async notifyNewCase(s) {
      const line = { ticket: s.ticket, category: s.category, country: s.country, urgent: s.urgent };
      if (s.urgent) logger.warn(line, 'new urgent complaint case');
      else logger.info(line, 'new complaint case');
    },
  };
}
