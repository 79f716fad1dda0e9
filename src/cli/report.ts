/**
 * `npm run --silent report -- --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.html [--lang id|en]`
 *
 * The supervisors' report for a range of days in HOTLINE_TIMEZONE, as one HTML file with
 * charts (inline SVG) that opens without network: complaints by problem, status, day and
 * country, how long workers waited for staff, and the conversations that went past the time
 * limit (by pseudonym and ticket). No personal data. Exit codes: 0 written, 1 Redis unreachable
 * or the file could not be written, 2 bad arguments or configuration.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createDeadlinePolicy, loadDeadlineRules } from '../complaints/case-deadlines.js';
import { overdueCases } from '../complaints/overdue-cases.js';
import { redisUrlLabel } from '../config.js';
import { createHandoverLog } from '../handover/handover-log.js';
import { createTranslator, loadLocales } from '../i18n/create-translator.js';
import { findCases } from '../privacy/case-export.js';
import { closeRedis, createRedis } from '../redis.js';
import { collectReport } from '../report/collect-report.js';
import { renderReportHtml } from '../report/render-html.js';
import { readConfigOrExit } from './read-config.js';

const USAGE = 'usage: npm run --silent report -- --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.html [--lang id|en]';

const realDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, 'not a real date');
const argsSchema = z
  .object({
    from: realDay,
    to: realDay,
    out: z.string().min(1),
    lang: z.enum(['id', 'en']).default('id'),
  })
  .refine((a) => a.from <= a.to, { message: '--from must not be after --to', path: ['from'] })
  .refine((a) => Date.parse(a.to) - Date.parse(a.from) <= 366 * 86_400_000, {
    message: 'at most 367 days at once',
    path: ['to'],
  });

function fail(message: string, code: number): number {
  process.stderr.write(`report: ${message}\n`);
  return code;
}

async function run(argv: string[]): Promise<number> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' } },
    }).values;
  } catch (err) {
    return fail(`${(err as Error).message}\n${USAGE}`, 2);
  }
  if (!values.from || !values.to || !values.out) return fail(USAGE, 2);
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    return fail(`${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n${USAGE}`, 2);
  }
  const args = parsed.data;
  const config = readConfigOrExit('report');
  const translator = createTranslator(loadLocales(config.LOCALES_DIR));
  const t = (key: string, params?: Record<string, string | number>) => translator.t(args.lang, key, params);

  const redis = createRedis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  try {
    try {
      await redis.connect();
    } catch {
      return fail(`cannot reach Redis at ${redisUrlLabel(config.redisUrl)}`, 1);
    }
    const log = createHandoverLog({ redis, prefix: config.REDIS_PREFIX, retentionDays: config.RETENTION_DAYS });
    const data = await collectReport(
      { redis, prefix: config.REDIS_PREFIX, log },
      { from: args.from, to: args.to, timeZone: config.HOTLINE_TIMEZONE },
    );
    // Overdue cases are listed whatever day they were filed: a case from last month can be late today.
    const policy = createDeadlinePolicy(loadDeadlineRules(), config.HOTLINE_TIMEZONE);
    data.casesOverdue = overdueCases((await findCases(redis, config.REDIS_PREFIX, {})).cases, policy, Date.now());
    const html = await renderReportHtml(data, { lang: args.lang, t, slaMinutes: config.HANDOVER_SLA_MINUTES });
    try {
      await writeFile(args.out, html, { mode: 0o644 });
    } catch (err) {
      return fail(`cannot write ${args.out} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 1);
    }
    process.stderr.write(
      `report: complaints ${data.cases.total}, handovers ${data.handovers.opened}, past the time limit ${data.overdue.length}, cases overdue ${data.casesOverdue.length} -> ${args.out}\n`,
    );
    return 0;
  } finally {
    await closeRedis(redis);
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`report: ${(err as Error)?.message ?? String(err)}\n`);
    process.exit(1);
  },
);
