/**
 * The work metrics read from a real Redis (cases stored by the real case records, handover
 * records by the real relay store), and the whole /metrics output checked by
 * `promtool check metrics` where promtool is installed.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createCase } from '../../src/complaints/case-records.js';
import { complaintKeys } from '../../src/complaints/complaint-keys.js';
import type { ChannelHealth } from '../../src/core/messages.js';
import { readHandoverSnapshot } from '../../src/handover/handover-snapshot.js';
import { createRelayStore } from '../../src/handover/relay-store.js';
import type { HttpRequest } from '../../src/http/http-server.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { registerWorkMetrics } from '../../src/ops/work-metrics.js';
import { sampleComplaint } from '../complaints/complaint-test-kit.js';
import { cleanPrefix, testPrefix, testRedis } from '../helpers/redis.js';
import { tool } from '../helpers/tools.js';

const redis = testRedis();
const prefix = testPrefix();
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

async function seed() {
  const keys = complaintKeys(prefix);
  const now = new Date().toISOString();
  await createCase(redis, keys, sampleComplaint({ category: 'unpaid_wages', country: 'TW' }), now);
  await createCase(redis, keys, sampleComplaint({ category: 'unpaid_wages', country: 'TW' }), now);
  await createCase(redis, keys, sampleComplaint({ category: 'violence', country: 'MY', urgent: true }), now);
  const store = createRelayStore({ redis, prefix, ttlSeconds: 3600 });
  const base = { channel: 'telegram' as const, lang: 'id' as const, status: 'active' as const, outOfHours: false };
  const open = async (userId: string, fields: Record<string, unknown>) => {
    const conv = { channel: 'telegram' as const, userId };
    const since = Date.now() - 3_600_000;
    await store.write(conv, {
      ...base,
      pseudonym: `PMI-${userId}`,
      reason: 'emergency',
      urgent: false,
      since,
      lastActivityAt: since,
      ...fields,
    });
    await store.setActive(conv, since);
  };
  await open('1', { urgent: true, overdueAt: Date.now() - 60_000, ticket: 'ADU-7K3Q9X2M' });
  await open('2', {});
  await open('3', { takenById: '42', takenByName: 'Sari' });
  return store;
}

describe('work metrics', () => {
  it('reports complaints, handovers, time to take, unanswered, spool and channels', async () => {
    const store = await seed();
    const metrics = createMetrics();
    const channels: ChannelHealth[] = [
      { channel: 'telegram', state: 'ready' },
      { channel: 'whatsapp', state: 'reconnecting', detail: 'x' },
    ];
    const work = registerWorkMetrics(metrics, {
      complaintTotals: () => redis.hgetall(complaintKeys(prefix).totals()),
      handovers: () => readHandoverSnapshot(store),
      spoolSize: async () => 2,
      channels: () => channels,
    });
    work.observeTake(true, 120);
    work.observeTake(false, 4000);
    work.unanswered('telegram');
    const res = await metrics.route()({} as HttpRequest);
    const text = String(res.body);
    expect(text).toContain('pmi_complaints_total{category="unpaid_wages",country="TW",urgent="false"} 2');
    expect(text).toContain('pmi_complaints_total{category="violence",country="MY",urgent="true"} 1');
    expect(text).toContain('pmi_handovers{state="waiting"} 2');
    expect(text).toContain('pmi_handovers{state="with_staff"} 1');
    expect(text).toContain('pmi_handovers_overdue{urgent="true"} 1');
    expect(text).toContain('pmi_handovers_overdue{urgent="false"} 0');
    expect(text).toContain('pmi_handover_time_to_take_seconds_bucket{le="300",urgent="true"} 1');
    expect(text).toContain('pmi_handover_time_to_take_seconds_bucket{le="3600",urgent="false"} 0');
    expect(text).toContain('pmi_handover_time_to_take_seconds_bucket{le="7200",urgent="false"} 1');
    expect(text).toContain('pmi_unanswered_total{channel="telegram"} 1');
    expect(text).toContain('pmi_spool_complaints 2');
    expect(text).toContain('pmi_channel_up{channel="telegram"} 1');
    expect(text).toContain('pmi_channel_up{channel="whatsapp"} 0');
    // No pseudonym, ticket or user id in any label.
    expect(text).not.toMatch(/PMI-|ADU-/);

    if (tool('promtool')) {
      const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(check.status, check.stdout + check.stderr).toBe(0);
      expect(check.stdout + check.stderr).toBe('');
    }
  });

  it('shows NaN, not zero, when Redis cannot be read', async () => {
    const metrics = createMetrics({ processMetrics: false, collectTimeoutMs: 50 });
    registerWorkMetrics(metrics, {
      complaintTotals: () => Promise.reject(new Error('down')),
      handovers: () => new Promise(() => undefined),
      spoolSize: () => Promise.reject(new Error('disk')),
      channels: () => [],
    });
    await metrics.route()({} as HttpRequest);
    // The error counter is written before the gauges that count into it: the next scrape shows them.
    const text = String((await metrics.route()({} as HttpRequest)).body);
    expect(text).toMatch(/^pmi_handovers\{state="waiting"\} NaN$/im);
    expect(text).toMatch(/^pmi_spool_complaints NaN$/im);
    expect(text).toContain('pmi_metrics_collect_errors_total{source="complaint_totals"} 1');
    expect(text).toContain('pmi_metrics_collect_errors_total{source="handovers"} 1');
    expect(text).toContain('pmi_metrics_collect_errors_total{source="spool"} 1');
  });
});
