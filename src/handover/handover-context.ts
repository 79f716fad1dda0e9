/**
 * What the effect ports, the staff console and the sweep share: the stores, the texts, the
 * clock, and the small operations they all need (queue for staff, tell the user, close a
 * handover). The mode itself is only ever read or changed through the dialogue service.
 */

import type { ChannelSender, OutgoingMessage } from '../core/messages.js';
import type { Conversation, DialogueService } from '../dialogue/dialogue-service.js';
import { UserUnreachableError } from '../errors.js';
import type { Lang } from '../i18n/create-translator.js';
import { hashUserId, type Logger } from '../logger.js';
import type { HandoverEvent } from './handover-log.js';
import type { HotlineClock } from './hotline-hours.js';
import type { OutboxItem } from './outbox-items.js';
import { pseudonymOf } from './pseudonym.js';
import type { RelayHistory } from './relay-history.js';
import { convLaneId } from './relay-keys.js';
import type { HandoverRecord, RelayStore } from './relay-store.js';
import type { StaffTexts } from './staff-texts.js';
import type { UserNotices } from './user-notices.js';

export type DialogueControl = Pick<DialogueService, 'apply' | 'update' | 'peek'>;

export interface SurveyPosition {
  flowId: string;
  flowVersion: number;
  node: string;
}

export interface HandoverContext {
  store: RelayStore;
  history: RelayHistory;
  texts: StaffTexts;
  notices: UserNotices;
  clock: HotlineClock;
  t: (lang: Lang, key: string, params?: Record<string, string | number>) => string;
  logger: Logger;
  now: () => number;
  consoleEnabled: boolean;
  ttlSeconds: number;
  slaMinutes: number;
  idleMs: number;
  survey: SurveyPosition | undefined;
  dialogue: () => DialogueControl;
  pseudonym(conv: Conversation): string;
  /** Log id of a worker: hashed, never the chat id. */
  hash(conv: Conversation): string;
  enqueue(conv: Conversation, items: OutboxItem[], urgent: boolean): Promise<void>;
  /** A line in a topic that belongs to no conversation (`undefined`: the General topic). */
  enqueueThread(threadId: number | undefined, text: string): Promise<void>;
  /** Sends on the user's own channel; false when it could not be delivered. */
  sendUser(conv: Conversation, messages: OutgoingMessage[]): Promise<boolean>;
  /** As `sendUser`, saying why nothing was sent: the channel's 24-hour window tells staff more than "failed". */
  sendUserWithReason(conv: Conversation, messages: OutgoingMessage[]): Promise<'sent' | 'window_closed' | 'failed'>;
  /** Marks the handover record closed and queues the staff line and the topic close. */
  closeRecord(conv: Conversation, record: HandoverRecord | null, line: string): Promise<void>;
  /** Reports an event (report, digest, metrics); never throws, a failure is only logged. */
  event(e: HandoverEvent): Promise<void>;
}

export interface ContextDeps {
  store: RelayStore;
  history: RelayHistory;
  texts: StaffTexts;
  notices: UserNotices;
  clock: HotlineClock;
  t: HandoverContext['t'];
  logger: Logger;
  now: () => number;
  consoleEnabled: boolean;
  ttlSeconds: number;
  slaMinutes: number;
  idleMs: number;
  survey: SurveyPosition | undefined;
  dialogue: DialogueControl | (() => DialogueControl);
  senders: ReadonlyMap<string, ChannelSender>;
  pseudonymSecret: string | undefined;
  kick: () => void;
  onEvent?: ((e: HandoverEvent) => Promise<void>) | undefined;
}

export function createHandoverContext(deps: ContextDeps): HandoverContext {
  const { store, logger } = deps;
  const dialogue = typeof deps.dialogue === 'function' ? deps.dialogue : () => deps.dialogue as DialogueControl;
  const hash = (conv: Conversation) => hashUserId(conv.channel, conv.userId, deps.pseudonymSecret);

  async function enqueue(conv: Conversation, items: OutboxItem[], urgent: boolean): Promise<void> {
    await store.enqueue(convLaneId(conv), items, urgent);
    deps.kick();
  }

  async function sendUserWithReason(
    conv: Conversation,
    messages: OutgoingMessage[],
  ): Promise<'sent' | 'window_closed' | 'failed'> {
    if (messages.length === 0) return 'sent';
    const sender = deps.senders.get(conv.channel);
    if (!sender) {
      logger.error({ channel: conv.channel, user: hash(conv) }, 'handover: no sender for the user channel');
      return 'failed';
    }
    try {
      await sender.send(conv.userId, messages);
      return 'sent';
    } catch (err) {
      logger.warn({ err, channel: conv.channel, user: hash(conv) }, 'handover: message to the user not delivered');
      return err instanceof UserUnreachableError && err.reason === 'window_closed' ? 'window_closed' : 'failed';
    }
  }

  return {
    ...deps,
    dialogue,
    hash,
    pseudonym: (conv) => pseudonymOf(conv.channel, conv.userId, deps.pseudonymSecret),
    enqueue,
    async enqueueThread(threadId, text) {
      await store.enqueue(threadId === undefined ? 'g' : `t:${threadId}`, [{ k: 'line', at: deps.now(), text }], false);
      deps.kick();
    },
    async sendUser(conv, messages) {
      return (await sendUserWithReason(conv, messages)) === 'sent';
    },
    sendUserWithReason,
    async event(e) {
      try {
        await deps.onEvent?.(e);
      } catch (err) {
        logger.warn({ err, event: e.kind }, 'handover: event not recorded');
      }
    },
    async closeRecord(conv, record, line) {
      await store.removeActive(conv);
      if (!record) return;
      const at = deps.now();
      await store.write(conv, { status: 'closed', closedAt: at }, ['takenById', 'takenByName']);
      await enqueue(
        conv,
        [
          { k: 'line', at, text: line },
          { k: 'close', at },
        ],
        record.urgent,
      );
    },
  };
}
