/**
 * The case sweep: every few minutes, finds open cases past their next-step deadline and posts
 * each to the staff group once per deadline, counts them for the metrics, and sends a worker
 * whose case has not moved for `checkInAfterDays` one honest check-in per stall.
 *
 * "Once" is kept on the case record (`overdueFor` = the deadline posted, `checkinFor` = the
 * last move the check-in was about), so a restart or a second bot process does not repeat
 * it; a short Redis lock keeps two processes from sweeping at the same moment.
 */

import type { Channel } from '../core/messages.js';
import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis.js';
import { formatDayTime } from '../zoned-time.js';
import type { DeadlinePolicy } from './case-deadlines.js';
import { complaintKeys } from './complaint-keys.js';
import type { CaseRecord } from './complaint-schema.js';

export interface CaseSweepDeps {
  redis: RedisClient;
  prefix: string;
  deadlines: DeadlinePolicy;
  /** Every case (open or not); the composition passes findCases. */
  listCases: () => Promise<CaseRecord[]>;
  /** Posts a line to the staff group's General topic. */
  postToStaff: (text: string) => Promise<void>;
  /**
   * Sends an unsolicited message to the worker; false when it was not sent (quiet mode on,
   * no channel), so the check-in is tried again on a later sweep.
   */
  sendToWorker: (channel: Channel, userId: string, text: string) => Promise<boolean>;
  /** Staff-language text. */
  staffText: (key: string, params?: Record<string, string | number>) => string;
  /** Text in the worker's language. */
  userText: (lang: 'id' | 'en', key: string, params?: Record<string, string | number>) => string;
  /** CODE_WORD is set: someone else may read the phone, so the check-in must not name a complaint. */
  discreet: boolean;
  timeZone: string;
  logger: Logger;
  now?: () => number;
}

export interface SweepResult {
  /** Open cases past their deadline now. */
  overdue: number;
  /** Of those, newly posted to the staff group in this sweep. */
  posted: number;
  checkIns: number;
  /** Another process held the lock: nothing was done. */
  skipped?: true;
}

export interface CaseSweep {
  run(): Promise<SweepResult>;
  /** The overdue count the last sweep (of any process) wrote; null before the first. */
  overdueCount(): Promise<number | null>;
}

const DAY_MS = 86_400_000;
const LOCK_MS = 60_000;

export function createCaseSweep(deps: CaseSweepDeps): CaseSweep {
  const { redis, deadlines, logger } = deps;
  const keys = complaintKeys(deps.prefix);
  const now = deps.now ?? Date.now;
  const lockKey = `${keys.metrics()}:sweep-lock`;

  async function postOverdue(c: CaseRecord, due: number): Promise<boolean> {
    const dueIso = new Date(due).toISOString();
    if ((await redis.hget(keys.case(c.id), 'overdueFor')) === dueIso) return false;
    const k = c.complaint;
    await deps.postToStaff(
      deps.staffText('staff.case_overdue', {
        ticket: c.ticket,
        category: deps.staffText(`complaint.category.${k.category}`),
        country: k.country,
        status: c.status,
        date: formatDayTime(due, 'id', deps.timeZone),
        urgent: k.urgent ? '🔴 ' : '',
      }),
    );
    await redis.hset(keys.case(c.id), 'overdueFor', dueIso);
    return true;
  }

  async function checkIn(c: CaseRecord): Promise<boolean> {
    const r = c.reporter;
    if (!r) return false;
    if ((await redis.hget(keys.case(c.id), 'checkinFor')) === c.updatedAt) return false;
    const text = deps.discreet
      ? deps.userText(r.lang, 'complaint.checkin_discreet')
      : deps.userText(r.lang, 'complaint.checkin', {
          ticket: c.ticket,
          date: formatDayTime(c.updatedAt, r.lang, deps.timeZone),
        });
    if (!(await deps.sendToWorker(r.channel, r.userId, text))) return false;
    await redis.hset(keys.case(c.id), 'checkinFor', c.updatedAt);
    return true;
  }

  async function run(): Promise<SweepResult> {
    const locked = await redis.set(lockKey, String(process.pid), 'PX', LOCK_MS, 'NX');
    if (locked !== 'OK') return { overdue: 0, posted: 0, checkIns: 0, skipped: true };
    const at = now();
    const result: SweepResult = { overdue: 0, posted: 0, checkIns: 0 };
    try {
      for (const c of await deps.listCases()) {
        const due = deadlines.deadlineOf({ ...c.complaint, status: c.status, since: c.updatedAt });
        if (due === null) continue;
        if (due < at) {
          result.overdue++;
          if (await postOverdue(c, due).catch((err) => logFail(err, c, 'overdue post'))) result.posted++;
        }
        const stalled = at - Date.parse(c.updatedAt) >= deadlines.checkInAfterDays * DAY_MS;
        if (stalled && (await checkIn(c).catch((err) => logFail(err, c, 'check-in')))) result.checkIns++;
      }
      await redis.hset(keys.metrics(), 'cases_overdue', result.overdue);
      logger.info({ ...result }, 'case sweep done');
      return result;
    } finally {
      await redis.del(lockKey).catch(() => undefined);
    }
  }

  function logFail(err: unknown, c: CaseRecord, what: string): false {
    logger.warn({ ticket: c.ticket, err: (err as Error).message }, `case sweep: ${what} failed`);
    return false;
  }

  return {
    run,
    async overdueCount() {
      const v = await redis.hget(keys.metrics(), 'cases_overdue');
      return v === null ? null : Number(v);
    },
  };
}
