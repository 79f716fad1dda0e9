/**
 * `npm run --silent agencies:import -- FILE.csv [--source-date YYYY-MM-DD] [--sample]`
 *
 * Loads a registry CSV into Redis (REDIS_URL, REDIS_PREFIX) and switches every bot process to
 * it. Prints the count loaded and each rejected row with its line number. Exit codes: 0 loaded,
 * 1 unreadable file, bad arguments or Redis unreachable, 2 refused because most rows are bad
 * (the registry is then unchanged).
 */
import { parseArgs } from 'node:util';
import { createAgencyRegistry } from '../agencies/agency-registry.js';
import { dayIn, readAgencySource } from '../agencies/read-agency-source.js';
import { redisUrlLabel } from '../config.js';
import { withTimeout } from '../core/with-timeout.js';
import { closeRedis, createRedis } from '../redis.js';
import { readConfigOrExit } from './read-config.js';

const USAGE = 'usage: npm run --silent agencies:import -- FILE.csv [--source-date YYYY-MM-DD] [--sample]';

function fail(line: string, code = 1): never {
  process.stderr.write(`${line}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseCli>;
  try {
    args = parseCli();
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  const file = args.positionals[0];
  if (!file || args.positionals.length > 1) fail(USAGE);
  const sourceDate = args.values['source-date'];
  if (sourceDate !== undefined && !isPastOrTodayIsoDate(sourceDate)) {
    fail(`--source-date must be a real date YYYY-MM-DD, not in the future (got ${sourceDate})`);
  }

  const config = readConfigOrExit('agencies:import', 1);

  const read = await readAgencySource(file);
  if (!read.ok) fail(`${file}: ${read.error}`);

  const redis = createRedis(config.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  try {
    await withTimeout(redis.connect(), 5000);
  } catch {
    redis.disconnect();
    fail(`cannot reach Redis at ${redisUrlLabel(config.redisUrl)}; the registry was not changed`);
  }

  try {
    const registry = createAgencyRegistry({ redis, prefix: config.REDIS_PREFIX });
    const report = await registry.importCsv(read.content, {
      sourceDate: sourceDate ?? read.sourceDate,
      sample: args.values.sample === true,
      source: read.label,
    });
    if (report.status === 'invalid-file') fail(`${file}: ${report.reason}`);
    const out: string[] = [];
    if (report.status === 'imported') {
      const m = report.meta;
      out.push(
        `Loaded ${report.loaded} agencies from ${read.label} (source date ${m.sourceDate}${m.sample ? ', SAMPLE data' : ''}).`,
      );
    } else {
      out.push(`Refused ${read.label}: ${report.reason}. ${report.loaded} rows were valid.`);
    }
    if (report.rejected.length > 0) {
      out.push(`Rejected ${report.rejected.length} rows:`);
      for (const r of report.rejected) out.push(`  line ${r.line}: ${r.reason}`);
    }
    if (report.status === 'imported') out.push(`Registry version ${report.meta.version} is now live.`);
    process.stdout.write(`${out.join('\n')}\n`);
    process.exitCode = report.status === 'imported' ? 0 : 2;
  } catch (err) {
    fail(
      `saving the registry failed: ${err instanceof Error ? err.message : String(err)}; the registry was not changed`,
    );
  } finally {
    await closeRedis(redis);
  }
}

function parseCli() {
  return parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: { 'source-date': { type: 'string' }, sample: { type: 'boolean' } },
  });
}

function isPastOrTodayIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) return false;
  // Allow "today" in any time zone ahead of the machine.
  return s <= dayIn('Pacific/Kiritimati', Date.now());
}

await main();
