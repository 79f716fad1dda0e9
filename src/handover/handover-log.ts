/**
 * What happened to handovers over time, for the supervisors' report and digest: when one was
 * opened, when it became overdue, when staff took it. The handover records themselves are
 * overwritten by the next handover and expire, so the report could not say "how long did
 * workers wait last week" from them.
 *
 * A Redis stream `<prefix>:handover:events`, trimmed by entry time to the retention period
 * (RETENTION_DAYS). An entry holds no message, name or number: the
 * reason, urgency, the staff pseudonym of the worker and the complaint ticket. "Hapus data
 * saya" removes the entries of that pseudonym (`erase`).
 */
import { z } from 'zod';
import type { RedisClient } from '../redis.js';

const base = { at: z.number().int(), urgent: z.boolean() };
export const handoverEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('opened'), ...base, reason: z.string().max(60), outOfHours: z.boolean() }),
  z.object({
    kind: z.literal('overdue'),
    ...base,
    since: z.number().int(),
    pseudonym: z.string().max(40),
    ticket: z.string().max(20).optional(),
  }),
  z.object({
    kind: z.literal('taken'),
    ...base,
    since: z.number().int(),
    /** Taken after the SLA had passed. */
    overdue: z.boolean(),
    pseudonym: z.string().max(40),
    ticket: z.string().max(20).optional(),
  }),
]);
export type HandoverEvent = z.infer<typeof handoverEventSchema>;

export interface HandoverLog {
  record(event: HandoverEvent): Promise<void>;
  /** Events with `at` in [fromMs, toMs], oldest first; unreadable entries are skipped. */
  range(fromMs: number, toMs: number): Promise<HandoverEvent[]>;
  /** Removes the entries of one pseudonym; returns how many. */
  erase(pseudonym: string): Promise<number>;
}

const PAGE = 1000;

export function createHandoverLog(deps: { redis: RedisClient; prefix: string; retentionDays: number }): HandoverLog {
  const { redis } = deps;
  const key = `${deps.prefix}:handover:events`;

  async function* pages(from: string, to: string): AsyncGenerator<[string, string[]][]> {
    let start = from;
    for (;;) {
      const page = (await redis.xrange(key, start, to, 'COUNT', PAGE)) as [string, string[]][];
      if (page.length === 0) return;
      yield page;
      if (page.length < PAGE) return;
      start = `(${page[page.length - 1]?.[0]}`;
    }
  }

  const parse = (fields: string[]): HandoverEvent | null => {
    const i = fields.indexOf('e');
    try {
      const parsed = handoverEventSchema.safeParse(JSON.parse(fields[i + 1] ?? ''));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };

  return {
    async record(event) {
      const valid = handoverEventSchema.parse(event);
      const oldest = Date.now() - deps.retentionDays * 86_400_000;
      // Redis's own time as the id ('*'): ids must grow, and events of several processes may
      // arrive a little out of order; `range` reads each event's own time.
      await redis.xadd(key, 'MINID', '~', String(oldest), '*', 'e', JSON.stringify(valid));
    },
    async range(fromMs, toMs) {
      const out: HandoverEvent[] = [];
      // Entry ids are arrival times, events carry their own; a report runs rarely and the
      // stream is bounded by retention, so reading it all is simpler than trusting the ids.
      for await (const page of pages('-', '+')) {
        for (const [, fields] of page) {
          const e = parse(fields);
          if (e && e.at >= fromMs && e.at <= toMs) out.push(e);
        }
      }
      return out.sort((a, b) => a.at - b.at);
    },
    async erase(pseudonym) {
      const ids: string[] = [];
      for await (const page of pages('-', '+')) {
        for (const [id, fields] of page) {
          const e = parse(fields);
          if (e && 'pseudonym' in e && e.pseudonym === pseudonym) ids.push(id);
        }
      }
      for (let i = 0; i < ids.length; i += 500) await redis.xdel(key, ...ids.slice(i, i + 500));
      return ids.length;
    },
  };
}
