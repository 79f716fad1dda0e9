/**
 * Redis keys of the handover. Everything that holds what one worker wrote lives under
 * `<prefix>:relay:{<channel>:<userId>}:*`, the pattern the privacy flow deletes on
 * "hapus data saya"; the global keys hold ids and scores only.
 */
import { type Channel, channelSchema } from '../core/messages.js';

export interface ConvRef {
  channel: Channel;
  userId: string;
}

export interface RelayKeys {
  conv(conv: ConvRef): { state: string; history: string; outbox: string };
  /** Topic id -> conversation. */
  thread(threadId: number): string;
  /** Lanes with something to send, scored by time (urgent lanes first). */
  ready: string;
  /** Lanes of urgent conversations. */
  urgent: string;
  /** Conversations with an open handover, scored by start. */
  active: string;
  /** Lanes that do not belong to one conversation (new cases, the General topic). */
  lane(id: string): string;
  /** Complaint ticket -> conversation, so the case card finds the conversation's topic. */
  ticket(ticket: string): string;
  /** Which process sends to the staff group. */
  lease: string;
  /** Counters without personal data (ratings, topics opened). */
  stats: string;
}

export function relayKeys(prefix: string): RelayKeys {
  return {
    conv({ channel, userId }) {
      const base = `${prefix}:relay:{${channel}:${userId}}`;
      return { state: `${base}:state`, history: `${base}:history`, outbox: `${base}:outbox` };
    },
    thread: (threadId) => `${prefix}:handover:thread:${threadId}`,
    ready: `${prefix}:handover:ready`,
    urgent: `${prefix}:handover:urgent`,
    active: `${prefix}:handover:active`,
    lane: (id) => `${prefix}:handover:lane:${id}`,
    ticket: (ticket) => `${prefix}:handover:ticket:${ticket}`,
    lease: `${prefix}:handover:pump`,
    stats: `${prefix}:handover:stats`,
  };
}

/** Lane ids: `c:<channel>:<userId>` for a conversation, `k:<ticket>` for a case, `g` for the General topic. */
export const convLaneId = (conv: ConvRef) => `c:${conv.channel}:${conv.userId}`;

export function convOfLane(laneId: string): ConvRef | null {
  // Channel names never contain ':', so the first ':' after the prefix ends the channel.
  const m = /^c:([a-z-]+):([\s\S]+)$/.exec(laneId);
  const channel = channelSchema.safeParse(m?.[1]);
  return m && channel.success ? { channel: channel.data, userId: m[2] as string } : null;
}

export const convId = (conv: ConvRef) => JSON.stringify([conv.channel, conv.userId]);

export function parseConvId(id: string): ConvRef | null {
  try {
    const [channel, userId] = JSON.parse(id) as unknown[];
    const parsed = channelSchema.safeParse(channel);
    if (parsed.success && typeof userId === 'string') return { channel: parsed.data, userId };
  } catch {
    // fall through
  }
  return null;
}
