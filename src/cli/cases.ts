/**
 * `npm run cases -- <command>`: complaint cases for supervisors.
 *
 *   list   [filters]                       one line per case (no personal data)
 *   show   TICKET [--with-personal ...]    one case with its status history
 *   export [filters] [--out FILE] [--with-personal ...]   CSV
 *   pack   TICKET --out FILE.pdf [--with-personal ...]    the referral case file (PDF)
 *   overdue                                 open cases past their next-step deadline
 *   agencies                                agencies by substantiated cases (last 12 months)
 *   groups [--with-personal ...]            open cases against the same agency (employer: personal)
 *
 * filters: --from YYYY-MM-DD --to YYYY-MM-DD --category CATEGORY --country XX --status STATUS
 * Days and times are in HOTLINE_TIMEZONE; the CSV is UTF-8 with a BOM (Excel) and has the
 * times staff took (taken_at) and closed (closed_at) each case.
 * Personal fields (story, names, contact, chat id, staff notes) only with `--with-personal
 * --operator NAME`; every such use is written to the audit stream `<REDIS_PREFIX>:audit` and
 * the log before anything is shown, and refused when the audit cannot be written.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createAgencySubstantiation } from '../agencies/agency-substantiation.js';
import { packCase } from '../casefile/pack-case.js';
import { loadChecklist } from '../casefile/referral-checklist.js';
import { createDeadlinePolicy, loadDeadlineRules } from '../complaints/case-deadlines.js';
import { readGroup, relatedCases } from '../complaints/case-groups.js';
import { readCase } from '../complaints/case-records.js';
import { normalizeTicket } from '../complaints/complaint-ids.js';
import { complaintKeys } from '../complaints/complaint-keys.js';
import { caseStatusSchema, complaintCategorySchema } from '../complaints/complaint-schema.js';
import { overdueCases } from '../complaints/overdue-cases.js';
import { createTranslator, loadLocales } from '../i18n/create-translator.js';
import { createLogger, type Logger } from '../logger.js';
import { findCases, formatCase, toCsv } from '../privacy/case-export.js';
import { closeRedis, createRedis, type RedisClient } from '../redis.js';
import { zonedDay, zonedIso } from '../zoned-time.js';
import { readConfigOrExit } from './read-config.js';

const USAGE = `usage: npm run cases -- list|show|export [options]
  list   [filters]
  show   TICKET [--with-personal --operator NAME]
  export [filters] [--out FILE] [--with-personal --operator NAME]
  pack   TICKET --out FILE.pdf [--with-personal --operator NAME]
  overdue
  agencies
  groups [--with-personal --operator NAME]   related open cases by agency (and employer, personal)
filters: --from YYYY-MM-DD --to YYYY-MM-DD --category CATEGORY --country XX --status STATUS`;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const optionsSchema = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  category: complaintCategorySchema.optional(),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'expected a two-letter country code')
    .transform((s) => s.toUpperCase())
    .optional(),
  status: caseStatusSchema.optional(),
  out: z.string().min(1).optional(),
  'with-personal': z.boolean().optional(),
  operator: z.string().trim().min(2).max(100).optional(),
});
type Options = z.infer<typeof optionsSchema>;

function fail(message: string): number {
  process.stderr.write(`cases: ${message}\n`);
  return 2;
}

/** Writes the audit entry first; personal data is shown only when that succeeded. */
async function audit(redis: RedisClient, prefix: string, logger: Logger, entry: Record<string, string>) {
  const fields = Object.entries({ at: new Date().toISOString(), ...entry }).flat();
  await redis.xadd(`${prefix}:audit`, 'MAXLEN', '~', '100000', '*', ...fields);
  logger.warn({ audit: true, ...entry }, 'personal case data accessed');
}

async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        category: { type: 'string' },
        country: { type: 'string' },
        status: { type: 'string' },
        out: { type: 'string' },
        'with-personal': { type: 'boolean' },
        operator: { type: 'string' },
      },
    });
  } catch (err) {
    return fail(`${(err as Error).message}\n${USAGE}`);
  }
  const [command, ticketArg] = parsed.positionals;
  if (!['list', 'show', 'export', 'pack', 'overdue', 'agencies', 'groups'].includes(command ?? '')) return fail(USAGE);
  const checked = optionsSchema.safeParse(parsed.values);
  if (!checked.success) {
    return fail(checked.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const opts: Options = checked.data;
  const withPersonal = opts['with-personal'] === true;
  if (withPersonal && !opts.operator) return fail('--with-personal needs --operator NAME (written to the audit log)');
  if (withPersonal && (command === 'list' || command === 'overdue' || command === 'agencies')) {
    return fail(`${command} never shows personal data; use show, export or pack`);
  }

  const config = readConfigOrExit('cases');
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const redis = createRedis(config.redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const prefix = config.REDIS_PREFIX;
  try {
    if (command === 'pack') {
      if (!normalizeTicket(ticketArg ?? '')) return fail('pack needs a ticket code like ADU-7K3Q9X2M');
      if (!opts.out) return fail('pack needs --out FILE.pdf');
      return await pack(redis, config, ticketArg ?? '', opts.out, withPersonal, opts.operator);
    }
    if (command === 'groups') {
      if (withPersonal) await audit(redis, prefix, logger, { command: 'groups', operator: opts.operator ?? '' });
      const { cases } = await findCases(redis, prefix, {});
      const groups = await relatedCases(cases, withPersonal, (t) =>
        readGroup(redis, prefix, t).then((g) => g.headcount),
      );
      for (const g of groups) {
        process.stdout.write(
          `${g.by.padEnd(8)}  ${g.name}  cases: ${g.tickets.length}, people: ${g.people}  ${g.tickets.join(' ')}\n`,
        );
      }
      process.stderr.write(`cases: ${groups.length} groups of related cases\n`);
      return 0;
    }
    if (command === 'agencies') {
      const rows = await createAgencySubstantiation({ redis, prefix }).report(Date.now());
      for (const r of rows)
        process.stdout.write(`${String(r.count).padStart(4)}  ${r.licenceNo.padEnd(20)}  ${r.name}\n`);
      process.stderr.write(`cases: ${rows.length} agencies with substantiated cases in the last 12 months\n`);
      return 0;
    }
    if (command === 'overdue') {
      const policy = createDeadlinePolicy(loadDeadlineRules(), config.HOTLINE_TIMEZONE);
      const late = overdueCases((await findCases(redis, prefix, {})).cases, policy, Date.now());
      for (const c of late) {
        process.stdout.write(
          `${c.ticket}  due ${zonedIso(c.due, config.HOTLINE_TIMEZONE)}  ${c.status.padEnd(9)}  ${c.category.padEnd(22)}  ${c.country}${c.urgent ? '  urgent' : ''}\n`,
        );
      }
      process.stderr.write(`cases: ${late.length} overdue\n`);
      return 0;
    }
    if (command === 'show') {
      const ticket = normalizeTicket(ticketArg ?? '');
      if (!ticket) return fail('show needs a ticket code like ADU-7K3Q9X2M');
      const keys = complaintKeys(prefix);
      const id = await redis.get(keys.ticket(ticket));
      const record = id ? await readCase(redis, keys, id) : null;
      if (!record) return fail(`no case ${ticket}`);
      if (withPersonal) await audit(redis, prefix, logger, { command: 'show', operator: opts.operator ?? '', ticket });
      process.stdout.write(formatCase(record, withPersonal, config.HOTLINE_TIMEZONE));
      const group = await readGroup(redis, prefix, ticket);
      process.stdout.write(`${'headcount'.padEnd(22)} ${group.headcount}\n`);
      if (withPersonal) {
        for (const m of group.members) {
          process.stdout.write(
            `  joined ${zonedIso(m.at, config.HOTLINE_TIMEZONE)}  ${m.channel}:${m.userId}  ${m.description}\n`,
          );
        }
      }
      return 0;
    }
    const filter = {
      from: opts.from,
      to: opts.to,
      category: opts.category,
      country: opts.country,
      status: opts.status,
      timeZone: config.HOTLINE_TIMEZONE,
    };
    const { cases, problems } = await findCases(redis, prefix, filter);
    for (const p of problems) process.stderr.write(`cases: unreadable record ${p.key} (${p.problem})\n`);
    if (command === 'list') {
      for (const c of cases) {
        const k = c.complaint;
        process.stdout.write(
          `${c.ticket}  ${zonedDay(k.createdAt, config.HOTLINE_TIMEZONE)}  ${c.status.padEnd(9)}  ${k.category.padEnd(22)}  ${k.country}${k.urgent ? '  urgent' : ''}\n`,
        );
      }
      process.stderr.write(`cases: ${cases.length}\n`);
      return 0;
    }
    if (withPersonal) {
      await audit(redis, prefix, logger, {
        command: 'export',
        operator: opts.operator ?? '',
        cases: String(cases.length),
        filter: JSON.stringify(filter),
      });
    }
    const csv = toCsv(cases, withPersonal, config.HOTLINE_TIMEZONE);
    if (opts.out) {
      // Personal exports are readable by their owner only.
      await writeFile(opts.out, csv, { mode: withPersonal ? 0o600 : 0o644 });
      process.stderr.write(`cases: ${cases.length} written to ${opts.out}\n`);
    } else {
      process.stdout.write(csv);
    }
    return 0;
  } finally {
    await closeRedis(redis);
  }
}

async function pack(
  redis: RedisClient,
  config: ReturnType<typeof readConfigOrExit>,
  ticket: string,
  out: string,
  withPersonal: boolean,
  operator: string | undefined,
): Promise<number> {
  const t = createTranslator(loadLocales('locales')).t;
  const started = performance.now();
  const packed = await packCase(
    {
      redis,
      prefix: config.REDIS_PREFIX,
      checklist: loadChecklist(),
      deadlines: createDeadlinePolicy(loadDeadlineRules(), config.HOTLINE_TIMEZONE),
      timeZone: config.HOTLINE_TIMEZONE,
      t: (key, params) => t('id', key, params),
      lang: 'id',
      secret: config.CASE_FILE_SECRET,
    },
    { ticket, withPersonal, operator: operator ?? 'unnamed', via: 'cli' },
  );
  if (packed.result === 'missing') return fail(`no case ${normalizeTicket(ticket)}`);
  // A file with personal data is readable by its owner only.
  await writeFile(out, packed.pdf, { mode: withPersonal ? 0o600 : 0o644 });
  const ms = Math.round(performance.now() - started);
  process.stderr.write(
    `cases: ${packed.ticket} written to ${out} (${packed.pdf.length} bytes, ${packed.events} events, ${ms} ms, ${
      packed.signature ? `hmac ${packed.signature}` : 'unsigned: CASE_FILE_SECRET is not set'
    }, sha256 ${packed.sha256})\n`,
  );
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`cases: ${(err as Error)?.message ?? String(err)}\n`);
    process.exit(1);
  },
);
