/**
 * After a run of complaint chats (outcome i belongs to user `user-<i>`): what Redis kept of
 * them once the queue and spool drained, and what went wrong, counted the same way by every
 * scenario that files complaints.
 */
import type { ChatOutcome } from './complaint-chat.js';
import { censusOfCases, censusOfSessions, duplicatesIn, queueCounts, waitForDrain } from './inspect.js';
import type { Kit } from './scenario-kit.js';

export async function tallyChats(k: Kit, outcomes: readonly ChatOutcome[]) {
  const drained = await waitForDrain(k.redis.url, k.queuePrefix, [k.spoolDir], 60_000);
  const redis = k.redis.client();
  const census = await censusOfCases(redis, k.redisPrefix);
  const sessions = await censusOfSessions(redis, k.redisPrefix);
  const counts = await queueCounts(k.redis.url, k.queuePrefix);
  redis.disconnect();
  let lost = 0;
  // Cases stored for a user beyond the tickets they were shown: filed twice without asking.
  let unasked = 0;
  for (const [i, o] of outcomes.entries()) {
    for (const t of o.tickets) if (!census.byTicket.has(t)) lost += 1;
    unasked += Math.max(0, census.cases.filter((c) => c.userId === `user-${i}`).length - o.tickets.size);
  }
  const convErrors = outcomes.flatMap((o) => o.errors);
  const exits = k.unexpectedExits();
  const unhandled = await k.unhandledRejections();
  return {
    drained,
    census,
    sessions,
    counts,
    lost,
    duplicated: duplicatesIn(census) + unasked,
    convErrors,
    exits,
    unhandled,
    errors:
      convErrors.length + exits.length + unhandled + sessions.unparseable.length + counts.failed + (drained ? 0 : 1),
    sent: outcomes.reduce((n, o) => n + o.sent, 0),
    answered: outcomes.reduce((n, o) => n + o.answered, 0),
  };
}
