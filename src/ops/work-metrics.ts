/**
 * Metrics of the hotline's work, next to the message metrics of metrics.ts (same registry):
 * complaints by category, country and urgency; handovers waiting, with staff and overdue; the
 * time until staff take a conversation; questions the bot could not answer; complaints waiting
 * in the spool; whether each channel is up.
 *
 * Labels stay low-cardinality and carry no personal data: category (16 ids), country (ISO
 * code), urgency, channel, state. Complaint counts live in Redis (written by whichever worker
 * stored the case) and are read at scrape time, so they survive restarts and every bot process
 * reports the same total: aggregate them with max(), not sum(), across instances.
 * The time-to-take histogram is observed in the process whose staff console took the
 * conversation; sum it across instances as usual.
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import type { ChannelHealth } from '../core/messages.js';
import type { HandoverSnapshot } from '../handover/handover-snapshot.js';
import type { Metrics } from './metrics.js';

export interface WorkSources {
  /** Hash fields `<category>|<country>|<urgent 0/1>` -> count (complaint-keys `totals`). */
  complaintTotals: () => Promise<Record<string, string | number>>;
  handovers: () => Promise<HandoverSnapshot>;
  /** Complaints written to the spool and not queued yet. */
  spoolSize: () => Promise<number>;
  channels: () => ChannelHealth[];
}

export interface WorkMetrics {
  /** A waiting conversation was taken by staff after `seconds` (from the hotline's opening). */
  observeTake(urgent: boolean, seconds: number): void;
  /** The bot had no answer for a message. */
  unanswered(channel: string): void;
}

/** Seconds: 1, 5, 15 and 30 minutes, 1, 2, 4, 8 hours, 1 day. */
export const TAKE_BUCKETS = [60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400];

export function registerWorkMetrics(metrics: Metrics, sources: WorkSources): WorkMetrics {
  const registers = [metrics.registry];

  // The handover snapshot feeds three gauges: one read per scrape (prom-client collects in parallel).
  let snapshot: Promise<HandoverSnapshot | null> | null = null;
  const readSnapshot = () => {
    snapshot ??= metrics
      .readSource('handovers', async () => sources.handovers())
      .finally(() => {
        snapshot = null;
      });
    return snapshot;
  };

  new Counter({
    name: 'pmi_complaints_total',
    help: 'Complaints stored as cases, by category, country and urgency (cluster-wide, read from Redis)',
    labelNames: ['category', 'country', 'urgent'],
    registers,
    async collect() {
      const totals = await metrics.readSource('complaint_totals', sources.complaintTotals);
      this.reset();
      for (const [field, value] of Object.entries(totals ?? {})) {
        const [category, country, urgent] = field.split('|');
        const n = Number(value);
        if (!category || !country || !Number.isFinite(n) || n < 0) continue;
        this.inc({ category, country, urgent: urgent === '1' ? 'true' : 'false' }, n);
      }
    },
  });
  new Gauge({
    name: 'pmi_handovers',
    help: 'Open handovers: waiting for staff, or with staff',
    labelNames: ['state'],
    registers,
    async collect() {
      const s = await readSnapshot();
      this.set({ state: 'waiting' }, s ? s.waiting.length : Number.NaN);
      this.set({ state: 'with_staff' }, s ? s.withStaff : Number.NaN);
    },
  });
  new Gauge({
    name: 'pmi_handovers_overdue',
    help: 'Handovers still waiting after the SLA (HANDOVER_SLA_MINUTES from the opening)',
    labelNames: ['urgent'],
    registers,
    async collect() {
      const s = await readSnapshot();
      const overdue = s?.waiting.filter((w) => w.overdueAt !== undefined) ?? [];
      for (const urgent of [true, false]) {
        this.set({ urgent: String(urgent) }, s ? overdue.filter((w) => w.urgent === urgent).length : Number.NaN);
      }
    },
  });
  const take = new Histogram({
    name: 'pmi_handover_time_to_take_seconds',
    help: 'Time from the hotline opening (or the handover, when open) until staff took the conversation',
    labelNames: ['urgent'],
    buckets: TAKE_BUCKETS,
    registers,
  });
  const unanswered = new Counter({
    name: 'pmi_unanswered_total',
    help: 'Messages the bot had no answer for (the "did not understand" ladder)',
    labelNames: ['channel'],
    registers,
  });
  new Gauge({
    name: 'pmi_spool_complaints',
    help: 'Complaints written to the local spool while Redis was away, not queued yet',
    registers,
    async collect() {
      this.set((await metrics.readSource('spool', sources.spoolSize)) ?? Number.NaN);
    },
  });
  new Gauge({
    name: 'pmi_channel_up',
    help: 'A channel is connected and taking messages (1) or not (0: starting, reconnecting, failed, stopped)',
    labelNames: ['channel'],
    registers,
    collect() {
      this.reset();
      for (const c of sources.channels()) this.set({ channel: c.channel }, c.state === 'ready' ? 1 : 0);
    },
  });

  return {
    observeTake: (urgent, seconds) => take.observe({ urgent: String(urgent) }, Math.max(0, seconds)),
    unanswered: (channel) => unanswered.inc({ channel }),
  };
}
