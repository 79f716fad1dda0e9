/**
 * The handover's part of "hapus data saya": the conversation's topic in the staff group
 * (deleted with its messages) and the ids the handover keeps outside the conversation's own
 * keys. Must run before the eraser of `<prefix>:relay:{channel:userId}:*`, which removes the
 * record that names the topic. Reports no item of its own: the relay history eraser does.
 */
import type { Conversation } from '../dialogue/dialogue-service.js';
import type { Logger } from '../logger.js';
import type { RelayStore } from './relay-store.js';
import { asStaffApiError, type StaffApi } from './staff-api.js';

/** Same shape as the privacy area's `Eraser`. */
export interface HandoverEraser {
  name: string;
  erase(conv: Conversation): Promise<{ deleted: string[] }>;
}

export function createHandoverEraser(deps: {
  store: RelayStore;
  api?: StaffApi;
  logger: Logger;
  /** Tells staff in the General topic that a conversation they had was deleted (its topic is gone). */
  tellStaff?: (pseudonym: string) => Promise<void>;
}): HandoverEraser {
  return {
    name: 'handover-console',
    async erase(conv) {
      const record = await deps.store.read(conv);
      if (record?.threadId !== undefined && deps.api) {
        try {
          await deps.api.deleteTopic(record.threadId);
        } catch (err) {
          const e = asStaffApiError(err);
          // Already gone is fine; anything else must reach the user as "not everything was deleted".
          if (e.kind !== 'thread_missing' && e.kind !== 'not_modified') throw e;
        }
      }
      await deps.store.forget(conv);
      if (record?.threadId !== undefined && record.pseudonym)
        await deps.tellStaff?.(record.pseudonym).catch((err: unknown) => {
          deps.logger.warn({ err }, 'handover: staff not told about a deletion');
        });
      deps.logger.info({ hadTopic: record?.threadId !== undefined }, 'handover: conversation data erased');
      return { deleted: [] };
    },
  };
}
