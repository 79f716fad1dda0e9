/**
 * The handover's clock work, run every minute by a BullMQ job scheduler: a waiting
 * conversation nobody took within the SLA (counted from the next opening of the hotline)
 * gets an honest notice with the emergency numbers and an overdue mark on its topic; one
 * left with staff in silence goes back to the bot; records whose session ended are closed.
 */
import type { Logger } from '../logger.js';
import { createScheduledJob, type ScheduledJob } from '../ops/scheduled-job.js';
import { isDiscreet } from './discretion.js';
import type { HandoverContext } from './handover-context.js';
import type { StaffActions } from './staff-actions.js';

export interface SweepResult {
  overdue: number;
  returned: number;
  cleaned: number;
}

export function createHandoverSweep(ctx: HandoverContext, actions: StaffActions): () => Promise<SweepResult> {
  const { store } = ctx;
  return async function sweep() {
    const result: SweepResult = { overdue: 0, returned: 0, cleaned: 0 };
    const at = ctx.now();
    for (const conv of await store.listActive()) {
      try {
        const record = await store.read(conv);
        if (record?.status !== 'active') {
          await store.removeActive(conv);
          result.cleaned++;
          continue;
        }
        const session = await ctx.dialogue().peek(conv);
        if (!session || session.mode === 'bot') {
          await actions.close(conv, 'session_gone');
          result.cleaned++;
          continue;
        }
        if (session.mode === 'human' && at - record.lastActivityAt >= ctx.idleMs) {
          await actions.close(conv, 'idle');
          result.returned++;
          continue;
        }
        const due = ctx.clock.nextOpening(record.since) + ctx.slaMinutes * 60_000;
        if (session.mode === 'waiting' && record.overdueAt === undefined && at >= due) {
          await store.write(conv, { overdueAt: at });
          const line = ctx.texts.line('overdue', { minutes: ctx.slaMinutes });
          await ctx.enqueue(
            conv,
            [
              { k: 'line', at, text: line },
              { k: 'rename', at },
            ],
            record.urgent,
          );
          if (!isDiscreet(session, record))
            await ctx.sendUser(conv, ctx.notices.overdue(session.lang, at, record.country));
          ctx.logger.warn(
            { user: ctx.hash(conv), urgent: record.urgent },
            'handover: nobody took the conversation in time',
          );
          await ctx.event({
            kind: 'overdue',
            at,
            since: ctx.clock.nextOpening(record.since),
            urgent: record.urgent,
            pseudonym: record.pseudonym,
            ...(record.ticket ? { ticket: record.ticket } : {}),
          });
          result.overdue++;
        }
      } catch (err) {
        ctx.logger.error({ err, user: ctx.hash(conv) }, 'handover: sweep failed for a conversation');
      }
    }
    return result;
  };
}

export const HANDOVER_QUEUE = 'handover';

export type HandoverScheduler = ScheduledJob;

/** One scheduled job a minute; BullMQ makes sure one process runs each. */
export function createHandoverScheduler(opts: {
  connection: string;
  prefix: string;
  everyMs: number;
  sweep: () => Promise<unknown>;
  logger: Logger;
}): HandoverScheduler {
  return createScheduledJob({
    connection: opts.connection,
    prefix: opts.prefix,
    queue: HANDOVER_QUEUE,
    schedulerId: 'handover-sweep',
    repeat: { every: opts.everyMs },
    job: { name: 'sweep', opts: { removeOnComplete: 50, removeOnFail: 200 } },
    run: opts.sweep,
    logger: opts.logger,
    label: 'handover: sweep',
  });
}
