/**
 * What waits in the staff outbox (persisted in Redis, parsed with zod when read back), and
 * the pure batching rule: consecutive text lines of one topic go out as one message, up to
 * a size limit; media, topic changes and cards go one at a time, in order.
 */
import { z } from 'zod';
import { locationSchema, mediaRefSchema } from '../core/messages.js';

/** A worker's message while staff hold (or are about to hold) the conversation. */
const userItem = z.object({
  k: z.literal('user'),
  at: z.number(),
  messageId: z.string().max(200),
  text: z.string().max(20_000).optional(),
  media: mediaRefSchema.optional(),
  location: locationSchema.optional(),
});

/** A line for staff, already rendered (taken by, closed, overdue, a case card inside a topic). */
const lineItem = z.object({ k: z.literal('line'), at: z.number(), text: z.string().max(8000) });

/** Open (or reopen) the conversation's topic and post its summary card. */
const openItem = z.object({ k: z.literal('open'), at: z.number() });

/** Rename the topic from its current state (urgent, overdue markers). */
const renameItem = z.object({ k: z.literal('rename'), at: z.number() });

/** Close the topic. */
const closeItem = z.object({ k: z.literal('close'), at: z.number() });

/** A new complaint case: into the conversation's topic if one has the ticket, else its own topic or the General topic. */
const caseItem = z.object({
  k: z.literal('case'),
  at: z.number(),
  /** Waits this long for the conversation's handover to name the ticket first. */
  notBefore: z.number(),
  ticket: z.string().max(20),
  urgent: z.boolean(),
  topicName: z.string().max(128),
  text: z.string().max(4000),
});

export const outboxItemSchema = z.discriminatedUnion('k', [
  userItem,
  lineItem,
  openItem,
  renameItem,
  closeItem,
  caseItem,
]);
export type OutboxItem = z.infer<typeof outboxItemSchema>;
export type UserItem = z.infer<typeof userItem>;
export type CaseItem = z.infer<typeof caseItem>;

/** How a worker's media reaches staff. */
export type MediaMode = 'copy' | 'file' | 'inline';

export type OutboxOp =
  | { kind: 'text'; lines: string[] }
  | { kind: 'media'; item: UserItem; mode: Exclude<MediaMode, 'inline'> }
  | { kind: 'open' }
  | { kind: 'rename' }
  | { kind: 'close' }
  | { kind: 'case'; item: CaseItem };

export interface BatchRules {
  /** How a user item with media is delivered; `inline` means a placeholder line. */
  mediaMode: (item: UserItem) => MediaMode;
  /** The line shown for a user item or a staff line. */
  lineOf: (item: UserItem | z.infer<typeof lineItem>) => string;
  /** Longest batched message (Telegram allows 4096 characters). */
  maxChars: number;
}

/** The first operation for the head of a lane and how many items it consumes (at least one). */
export function planBatch(items: readonly OutboxItem[], rules: BatchRules): { count: number; op: OutboxOp } {
  const head = items[0];
  if (!head) throw new RangeError('planBatch needs at least one item');
  switch (head.k) {
    case 'open':
    case 'rename':
    case 'close':
      return { count: 1, op: { kind: head.k } };
    case 'case':
      return { count: 1, op: { kind: 'case', item: head } };
    default:
      break;
  }
  if (head.k === 'user' && head.media) {
    const mode = rules.mediaMode(head);
    if (mode !== 'inline') return { count: 1, op: { kind: 'media', item: head, mode } };
  }
  const lines: string[] = [];
  let size = 0;
  for (const item of items) {
    if (item.k !== 'user' && item.k !== 'line') break;
    if (item.k === 'user' && item.media && rules.mediaMode(item) !== 'inline') break;
    const line = rules.lineOf(item);
    // A single long line goes alone (the sender splits it); otherwise stop before the limit.
    if (lines.length > 0 && size + 1 + line.length > rules.maxChars) break;
    lines.push(line);
    size += (lines.length > 1 ? 1 : 0) + line.length;
  }
  return { count: lines.length, op: { kind: 'text', lines } };
}

/** Splits text into pieces of at most `max` characters, at line breaks where possible. */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = rest.lastIndexOf('\n', max);
    const at = cut > max / 2 ? cut : max;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest.length > 0 || out.length === 0) out.push(rest);
  return out;
}
