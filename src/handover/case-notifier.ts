/**
 * The complaints worker's `StaffNotifier`: a new case is posted to the staff group, and an
 * urgent one gets a topic. When the worker is in a handover for that ticket, the case goes
 * into the conversation's topic instead; case items wait a little so that handover (which
 * happens right after the complaint is queued) can claim the ticket first.
 */
import type { StaffNotifier } from '../complaints/staff-notifier.js';
import type { Logger } from '../logger.js';
import type { RelayStore } from './relay-store.js';
import type { StaffTexts } from './staff-texts.js';

export function createCaseNotifier(deps: {
  store: RelayStore;
  texts: StaffTexts;
  logger: Logger;
  enabled: boolean;
  now: () => number;
  /** How long a case waits for the conversation's handover; default 10 s. */
  graceMs?: number;
  kick: () => void;
}): StaffNotifier {
  return {
    async notifyNewCase(s) {
      if (!deps.enabled) {
        deps.logger.info({ ticket: s.ticket, urgent: s.urgent }, 'handover: no staff console; case not posted');
        return;
      }
      const at = deps.now();
      await deps.store.enqueue(
        `k:${s.ticket}`,
        [
          {
            k: 'case',
            at,
            notBefore: at + (s.urgent ? (deps.graceMs ?? 10_000) : 0),
            ticket: s.ticket,
            urgent: s.urgent,
            topicName: deps.texts.caseTopicName(s),
            text: deps.texts.caseCard(s),
          },
        ],
        s.urgent,
      );
      deps.kick();
    },
  };
}
