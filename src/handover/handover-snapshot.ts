/**
 * The handovers open right now, as supervisors and metrics see them: who is still waiting for
 * staff (and since when, and whether past the SLA), how many are with staff. Read from the
 * records of the open handovers; no message, name or number, only the pseudonym staff know.
 */
import type { RelayStore } from './relay-store.js';

export interface WaitingHandover {
  pseudonym: string;
  channel: string;
  /** When the worker was handed over (ms). */
  since: number;
  urgent: boolean;
  /** When the SLA passed without anyone taking it (ms), if it did. */
  overdueAt?: number;
  ticket?: string;
  country?: string;
}

export interface HandoverSnapshot {
  waiting: WaitingHandover[];
  withStaff: number;
}

export async function readHandoverSnapshot(store: RelayStore): Promise<HandoverSnapshot> {
  const waiting: WaitingHandover[] = [];
  let withStaff = 0;
  for (const conv of await store.listActive()) {
    const r = await store.read(conv);
    if (r?.status !== 'active') continue;
    if (r.takenById) {
      withStaff += 1;
      continue;
    }
    waiting.push({
      pseudonym: r.pseudonym,
      channel: r.channel,
      since: r.since,
      urgent: r.urgent,
      ...(r.overdueAt !== undefined ? { overdueAt: r.overdueAt } : {}),
      ...(r.ticket ? { ticket: r.ticket } : {}),
      ...(r.country ? { country: r.country } : {}),
    });
  }
  waiting.sort((a, b) => Number(b.urgent) - Number(a.urgent) || a.since - b.since);
  return { waiting, withStaff };
}
