/**
 * What complaints say about agencies. Staff mark a case substantiated against an agency in
 * the registry (`/terbukti`); the agency check then tells users how many substantiated cases
 * that company had in the last 12 months, and supervisors get the list of agencies by count.
 *
 * Only counts leave this module: never a ticket, a worker or a story. A complaint that staff
 * have not substantiated never counts, so one angry or false report cannot brand a company.
 */
import type { RedisClient } from '../redis.js';

export const SUBSTANTIATION_WINDOW_DAYS = 365;
const DAY_MS = 86_400_000;

export interface SubstantiatedAgency {
  licenceKey: string;
  name: string;
  licenceNo: string;
  /** Substantiated cases in the window. */
  count: number;
}

export interface AgencySubstantiation {
  /** Marks the case substantiated against the agency (moving it, if it was marked against another). */
  mark(q: { ticket: string; licenceKey: string; name: string; licenceNo: string; at: number }): Promise<void>;
  /** Takes the mark off; false when the case had none. */
  unmark(ticket: string): Promise<boolean>;
  /** Substantiated cases against the agency in the last 12 months. */
  countFor(licenceKey: string, now: number): Promise<number>;
  /** Agencies with at least one substantiated case in the window, most first. */
  report(now: number): Promise<SubstantiatedAgency[]>;
}

export function createAgencySubstantiation(deps: { redis: RedisClient; prefix: string }): AgencySubstantiation {
  const { redis } = deps;
  const base = `${deps.prefix}:agencies:substantiated`;
  const casesOf = (licenceKey: string) => `${base}:cases:${licenceKey}`;
  /** Hash ticket -> licenceKey: which agency a case is marked against. */
  const byTicket = `${base}:by-ticket`;
  /** Hash licenceKey -> JSON { name, licenceNo }, for the report (the registry may drop a revoked agency). */
  const names = `${base}:names`;
  const since = (now: number) => now - SUBSTANTIATION_WINDOW_DAYS * DAY_MS;

  async function unmark(ticket: string): Promise<boolean> {
    const previous = await redis.hget(byTicket, ticket);
    if (!previous) return false;
    await redis.multi().zrem(casesOf(previous), ticket).hdel(byTicket, ticket).exec();
    return true;
  }

  return {
    async mark(q) {
      await unmark(q.ticket);
      await redis
        .multi()
        .zadd(casesOf(q.licenceKey), q.at, q.ticket)
        .hset(byTicket, q.ticket, q.licenceKey)
        .hset(names, q.licenceKey, JSON.stringify({ name: q.name, licenceNo: q.licenceNo }))
        .exec();
    },
    unmark,
    async countFor(licenceKey, now) {
      return redis.zcount(casesOf(licenceKey), since(now), '+inf');
    },
    async report(now) {
      const all = await redis.hgetall(names);
      const rows = await Promise.all(
        Object.entries(all).map(async ([licenceKey, raw]) => {
          let meta = { name: licenceKey, licenceNo: licenceKey };
          try {
            meta = { ...meta, ...(JSON.parse(raw) as { name: string; licenceNo: string }) };
          } catch {
            // An unreadable name still counts under its key.
          }
          return { licenceKey, ...meta, count: await redis.zcount(casesOf(licenceKey), since(now), '+inf') };
        }),
      );
      return rows.filter((r) => r.count > 0).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    },
  };
}
