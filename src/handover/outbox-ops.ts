/**
 * What each outbox operation does in the staff group: open or reopen a conversation's topic
 * with its summary card, post batched lines, relay media, rename or close a topic, place a
 * new complaint case. Every group call goes through `groupCall` (the rate gate).
 */
import type { Channel, MediaRef } from '../core/messages.js';
import type { BatchRules, OutboxItem, OutboxOp, UserItem } from './outbox-items.js';
import { splitText } from './outbox-items.js';
import { quoteWorkerText } from './quote-worker-text.js';
import type { RelayHistory } from './relay-history.js';
import { type ConvRef, convLaneId } from './relay-keys.js';
import type { HandoverRecord, RelayStore } from './relay-store.js';
import { type StaffApi, StaffApiError } from './staff-api.js';
import type { StaffTexts } from './staff-texts.js';

export type MediaDownloader = (
  ref: MediaRef,
) => Promise<{ data: Buffer; mimeType?: string; fileName?: string } | { error: string }>;

export interface OutboxOpsDeps {
  store: RelayStore;
  history: RelayHistory;
  api: StaffApi;
  texts: StaffTexts;
  downloaders: Partial<Record<Channel, MediaDownloader>>;
  groupCall: <T>(fn: () => Promise<T>) => Promise<T>;
  cardHistory: number;
}

export interface OutboxOps {
  rulesFor(conv: ConvRef | null): BatchRules;
  runConvOp(conv: ConvRef, op: OutboxOp): Promise<void>;
  runCaseOp(item: Extract<OutboxItem, { k: 'case' }>): Promise<void>;
  sendLong(text: string, threadId?: number): Promise<void>;
}

const MAX_CHARS = 3900;

export function createOutboxOps(deps: OutboxOpsDeps): OutboxOps {
  const { store, api, texts, groupCall } = deps;

  function userLine(item: UserItem): string {
    const parts: string[] = [];
    if (item.media) parts.push(texts.mediaLabel(item.media.kind));
    if (item.location) parts.push(texts.locationLine(item.location.latitude, item.location.longitude));
    if (item.text) parts.push(quoteWorkerText(item.text));
    return texts.line('user', { time: texts.time(item.at), text: parts.join(' ') });
  }

  async function sendLong(text: string, threadId?: number): Promise<void> {
    for (const piece of splitText(text, 4000)) await groupCall(() => api.sendText(piece, threadId));
  }

  /**
   * The conversation's topic. `open` (a new handover): create it, or reopen it, and post the
   * summary card once per handover. `post`: use it as it is; a closed topic is reopened only
   * after Telegram refused a post there.
   */
  async function ensureTopic(conv: ConvRef, record: HandoverRecord, mode: 'open' | 'post'): Promise<number> {
    let threadId = record.threadId;
    const earlierCard = record.cardSince !== undefined && record.cardSince !== record.since;
    if (threadId === undefined) {
      const created = await groupCall(() => api.createTopic(texts.topicName(record)));
      threadId = created;
      await store.write(conv, { threadId: created, topic: 'open' });
      await store.mapThread(created, conv);
      await store.incr('topics_opened');
    } else if ((mode === 'open' && record.topic !== 'open') || record.topic === 'refused') {
      const id = threadId;
      await groupCall(() => api.reopenTopic(id));
      await groupCall(() => api.renameTopic(id, texts.topicName(record)));
      await store.write(conv, { topic: 'open' });
      await store.mapThread(id, conv);
    }
    if (record.cardSince !== record.since && (mode === 'open' || record.threadId === undefined)) {
      const history = await deps.history.read(conv, deps.cardHistory);
      await sendLong(texts.card(record, history, earlierCard), threadId);
      await store.write(conv, { cardSince: record.since });
    }
    return threadId;
  }

  async function sendMedia(conv: ConvRef, item: UserItem, mode: 'copy' | 'file', threadId: number): Promise<void> {
    const media = item.media as MediaRef;
    try {
      if (mode === 'copy') {
        await groupCall(() => api.copyFromUser(conv.userId, Number(item.messageId), threadId));
        return;
      }
      const got = await deps.downloaders[conv.channel]?.(media);
      if (got && 'data' in got) {
        const kind = media.kind === 'photo' ? 'photo' : 'document';
        const fileName = got.fileName ?? media.fileName ?? `${media.kind}.${kind === 'photo' ? 'jpg' : 'bin'}`;
        const file = { data: got.data, fileName, kind, ...(got.mimeType ? { mimeType: got.mimeType } : {}) } as const;
        const { media: _omit, ...rest } = item;
        await groupCall(() => api.sendFile(file, userLine(rest), threadId));
        return;
      }
    } catch (err) {
      // Telegram refused this file (protected, too big): staff still see that something came.
      if (!(err instanceof StaffApiError) || err.kind !== 'bad_request') throw err;
    }
    await groupCall(() => api.sendText(userLine(item), threadId));
  }

  return {
    rulesFor(conv) {
      return {
        maxChars: MAX_CHARS,
        mediaMode(item) {
          if (!conv || !item.media || item.media.ref.startsWith('telegram:')) return 'inline';
          if (conv.channel === 'telegram' && /^\d+$/.test(item.messageId)) return 'copy';
          return deps.downloaders[conv.channel] ? 'file' : 'inline';
        },
        lineOf: (item) => (item.k === 'line' ? item.text : userLine(item)),
      };
    },
    async runConvOp(conv, op) {
      const record = await store.read(conv);
      if (!record) throw new StaffApiError('bad_request', 'no handover record (deleted?)');
      switch (op.kind) {
        case 'open':
          await ensureTopic(conv, record, 'open');
          return;
        case 'rename':
          if (record.threadId !== undefined) {
            const id = record.threadId;
            await groupCall(() => api.renameTopic(id, texts.topicName(record)));
          }
          return;
        case 'close':
          if (record.threadId !== undefined && record.topic === 'open') {
            const id = record.threadId;
            await groupCall(() => api.closeTopic(id));
            await store.write(conv, { topic: 'closed' });
          }
          return;
        case 'text':
          await sendLong(op.lines.join('\n'), await ensureTopic(conv, record, 'post'));
          return;
        case 'media':
          await sendMedia(conv, op.item, op.mode, await ensureTopic(conv, record, 'post'));
          return;
        case 'case':
          return;
      }
    },
    async runCaseOp(item) {
      const conv = await store.convOfTicket(item.ticket);
      const record = conv ? await store.read(conv) : null;
      if (conv && record?.status === 'active') {
        // The worker is in a handover: the case goes into that topic, after what is queued there.
        await store.enqueue(convLaneId(conv), [{ k: 'line', at: item.at, text: item.text }], record.urgent);
        return;
      }
      if (!item.urgent) return sendLong(item.text);
      const threadId = await groupCall(() => api.createTopic(item.topicName));
      await sendLong(item.text, threadId);
    },
    sendLong,
  };
}
