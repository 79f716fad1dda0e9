/**
 * The Prometheus alert rules and the Grafana dashboard in deploy/: every metric they name is
 * one the bot exports, the required alerts exist, and promtool accepts the rules, their unit
 * tests and the example scrape configuration (where promtool is installed; CI requires it).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { HttpRequest } from '../../src/http/http-server.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { registerWorkMetrics } from '../../src/ops/work-metrics.js';
import { tool } from '../helpers/tools.js';

const dir = mkdtempSync(join(tmpdir(), 'monitoring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const rules = (
  parse(readFileSync('deploy/prometheus/alerts.yml', 'utf8')) as { groups: { rules: Rule[] }[] }
).groups.flatMap((g) => g.rules);
interface Panel {
  id: number;
  type: string;
  datasource?: { uid: string };
  gridPos: { x: number; w: number };
  targets?: { expr: string }[];
}
const dashboard = JSON.parse(readFileSync('deploy/grafana/sahabat-pmi.json', 'utf8')) as {
  panels: Panel[];
  uid: string;
};

/** Every metric family the bot exports (names as written in the text format). */
async function exported(): Promise<Set<string>> {
  const metrics = createMetrics();
  registerWorkMetrics(metrics, {
    complaintTotals: async () => ({ 'violence|MY|1': 1 }),
    handovers: async () => ({ waiting: [], withStaff: 0 }),
    spoolSize: async () => 0,
    channels: () => [{ channel: 'telegram', state: 'ready' }],
  });
  metrics.watchQueue('complaints', { getJobCounts: async () => ({}) });
  metrics.setWaitingSource(() => 0);
  metrics.setRegistryAgeSource(() => 0);
  metrics.intent('telegram', 'greeting');
  metrics.limited('telegram', 'user');
  metrics.observeStep('telegram', 0.1);
  const text = String((await metrics.route()({} as HttpRequest)).body);
  return new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] as string));
}

/** Grafana's import variable for the data source, `$` + `{DS_PROMETHEUS}` (not a template string). */
const DATASOURCE_INPUT = ['$', '{DS_PROMETHEUS}'].join('');

const namesIn = (expr: string) =>
  [...expr.matchAll(/\b(pmi_[a-z_]+)/g)].map((m) => (m[1] as string).replace(/_(bucket|count|sum)$/, ''));

describe('alert rules (deploy/prometheus/alerts.yml)', () => {
  it('cover a channel down, overdue emergencies, a spool not draining and failed complaint jobs', () => {
    const byName = new Map(rules.map((r) => [r.alert, r]));
    expect(byName.get('PmiChannelDown')?.expr).toMatch(/pmi_channel_up/);
    expect(byName.get('PmiUrgentHandoverOverdue')?.expr).toMatch(/pmi_handovers_overdue\{urgent="true"\}/);
    expect(byName.get('PmiSpoolNotDraining')?.expr).toMatch(/pmi_spool_complaints/);
    expect(byName.get('PmiComplaintJobsFailed')?.expr).toMatch(/pmi_queue_failed_jobs\{queue="complaints"\}/);
    for (const r of rules) {
      expect(r.labels?.severity, r.alert).toMatch(/^(critical|warning)$/);
      expect(r.annotations?.summary, r.alert).toBeTruthy();
    }
  });

  it('name only metrics the bot exports', async () => {
    const known = await exported();
    for (const r of rules) for (const name of namesIn(r.expr)) expect(known, `${r.alert}: ${name}`).toContain(name);
  });

  it.skipIf(!tool('promtool'))('pass promtool check rules, their unit tests and the example config', () => {
    const check = spawnSync('promtool', ['check', 'rules', 'deploy/prometheus/alerts.yml'], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const unit = spawnSync('promtool', ['test', 'rules', 'deploy/prometheus/alerts.test.yml'], { encoding: 'utf8' });
    expect(unit.status, unit.stdout + unit.stderr).toBe(0);
    // The example config names a token file on the Prometheus host; give it one here.
    cpSync('deploy/prometheus', dir, { recursive: true });
    const token = join(dir, 'token');
    writeFileSync(token, 'a-long-metrics-token\n');
    const config = readFileSync(join(dir, 'prometheus.yml'), 'utf8').replace(
      '/etc/prometheus/sahabat-pmi-metrics-token',
      token,
    );
    writeFileSync(join(dir, 'prometheus.yml'), config);
    const conf = spawnSync('promtool', ['check', 'config', join(dir, 'prometheus.yml')], { encoding: 'utf8' });
    expect(conf.status, conf.stdout + conf.stderr).toBe(0);
  });
});

describe('Grafana dashboard (deploy/grafana/sahabat-pmi.json)', () => {
  it('queries only metrics the bot exports, through the chosen data source', async () => {
    const known = await exported();
    const targets = dashboard.panels.flatMap((p) => p.targets ?? []);
    expect(targets.length).toBeGreaterThan(15);
    for (const t of targets) for (const name of namesIn(t.expr)) expect(known, `${t.expr}: ${name}`).toContain(name);
    for (const p of dashboard.panels.filter((x) => x.type !== 'row')) expect(p.datasource?.uid).toBe(DATASOURCE_INPUT);
  });

  it('has unique panel ids that fit the 24-column grid', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels) expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    expect(dashboard.uid).toBe('sahabat-pmi');
  });
});
