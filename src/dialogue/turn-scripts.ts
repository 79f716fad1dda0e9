/**
 * The two Redis scripts of a message's turn, loaded once per connection and called by SHA
 * (ioredis `defineCommand` falls back to sending the body only when Redis lost it):
 * - `turnBegin`: refuses while another holder has the conversation's lock, drops a message
 *   whose mark is among the conversation's recent marks, clears the mark that the user could
 *   not be reached (they wrote), counts the user's budget, takes the lock, records the user's
 *   line in the staff history and returns the session;
 * - `turnFinish`: saves (or forgets) the session, adds the message's mark (the last
 *   `marksMax` kept), records the bot's lines in the staff history (joined to the user's line
 *   when that is still the last entry), counts a line the bot did not understand in the
 *   conversation's backlog hash (dropping lines of days before the oldest kept) and releases the lock
 *   (unless the turn keeps it for effects or deliveries; see dialogue-service.ts).
 * All keys of a turn carry the conversation's `{channel:userId}` hash tag (one Cluster slot).
 * EXPIRE NX/GT need Redis 7.
 */
import type { RedisClient } from '../redis.js';

const BEGIN = `
local holder = redis.call('get', KEYS[1])
if holder and holder ~= ARGV[1] then return {'locked'} end
if ARGV[3] ~= '' and redis.call('lpos', KEYS[2], ARGV[3]) then
  if holder then redis.call('del', KEYS[1]) end
  return {'duplicate'}
end
local limit = tonumber(ARGV[4])
if limit > 0 then
  local n = redis.call('incr', KEYS[4])
  if n == 1 then redis.call('pexpire', KEYS[4], ARGV[5]) end
  if n > limit then
    if holder then redis.call('del', KEYS[1]) end
    local left = redis.call('pttl', KEYS[4])
    if n == limit + 1 then return {'limited', left, redis.call('get', KEYS[3]) or ''} end
    return {'limited', left}
  end
end
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
-- After the first write that may grow memory: a full Redis refuses the script there. (Redis lets
-- a script that has written once go on writing past maxmemory; a DEL first opened that door.)
redis.call('del', KEYS[6])
if ARGV[6] ~= '' then
  redis.call('rpush', KEYS[5], ARGV[6])
  redis.call('ltrim', KEYS[5], -tonumber(ARGV[7]), -1)
  redis.call('expire', KEYS[5], ARGV[8], 'NX')
  redis.call('expire', KEYS[5], ARGV[8], 'GT')
end
local s = redis.call('get', KEYS[3])
if s then return {'ok', s} end
return {'ok'}`;

const FINISH = `
if ARGV[1] == '' then
  redis.call('del', KEYS[1], KEYS[2])
else
  redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2])
  if ARGV[3] ~= '' then
    redis.call('lpush', KEYS[2], ARGV[3])
    redis.call('ltrim', KEYS[2], 0, tonumber(ARGV[4]) - 1)
    redis.call('expire', KEYS[2], ARGV[5])
  end
  local joined = ARGV[9] ~= '' and redis.call('lindex', KEYS[4], -1) == ARGV[9]
  if joined then
    redis.call('lset', KEYS[4], -1, ARGV[10])
  elseif #ARGV >= 14 then
    redis.call('rpush', KEYS[4], unpack(ARGV, 14))
    redis.call('ltrim', KEYS[4], -tonumber(ARGV[7]), -1)
  end
  if joined or #ARGV >= 14 then
    redis.call('expire', KEYS[4], ARGV[8], 'NX')
    redis.call('expire', KEYS[4], ARGV[8], 'GT')
  end
  if ARGV[11] ~= '' then
    redis.call('hincrby', KEYS[5], ARGV[11], 1)
    redis.call('expire', KEYS[5], ARGV[12])
    for _, line in ipairs(redis.call('hkeys', KEYS[5])) do
      if line < ARGV[13] then redis.call('hdel', KEYS[5], line) end
    end
  end
end
if ARGV[6] == '' or redis.call('get', KEYS[3]) ~= ARGV[6] then return 0 end
redis.call('del', KEYS[3])
return 1`;

export interface TurnKeys {
  lock: string;
  marks: string;
  session: string;
  rate: string;
  history: string;
  unreachable: string;
  /** The conversation's not-understood lines (see faq-stats.ts). */
  unanswered: string;
}

export interface BeginArgs {
  token: string;
  lockTtlMs: number;
  /** '' when the message has no mark to check (never for channel messages). */
  mark: string;
  /** 0: no per-user budget. */
  userLimit: number;
  userWindowMs: number;
  /** JSON of the user's history line; '' records nothing. */
  historyEntry: string;
  historyMax: number;
  historyTtlSeconds: number;
}

export type BeginResult =
  | { status: 'locked' }
  | { status: 'duplicate' }
  /** `session` is only read for the first refused message of a window (the one answered). */
  | { status: 'limited'; retryAfterMs: number; notify: boolean; session: string | null }
  | { status: 'ok'; session: string | null };

export interface FinishArgs {
  /** null: forget the conversation (session and marks). */
  session: string | null;
  sessionTtlSeconds: number;
  mark: string;
  marksMax: number;
  marksTtlSeconds: number;
  /** '' leaves the lock held (effects or deliveries still to carry out under it). */
  token: string;
  historyMax: number;
  historyTtlSeconds: number;
  historyEntries: string[];
  /** The user's line as recorded by `turnBegin`: when it is still the last entry... */
  historyJoin: string;
  /** ...it is replaced by this (the user's line with the bot's answer) instead of adding `historyEntries`. */
  historyJoined: string;
  /** `<day>|<line>` the bot did not understand; '' for none. */
  unansweredLine: string;
  unansweredTtlSeconds: number;
  /** `YYYY-MM-DD`: backlog lines of earlier days are dropped. */
  unansweredOldestDay: string;
}

interface TurnCommands {
  turnBegin(...args: (string | number)[]): Promise<(string | number)[]>;
  turnFinish(...args: (string | number)[]): Promise<number>;
}

export interface TurnScripts {
  begin(keys: TurnKeys, args: BeginArgs): Promise<BeginResult>;
  finish(keys: TurnKeys, args: FinishArgs): Promise<void>;
}

const defined = new WeakSet<RedisClient>();

export function createTurnScripts(redis: RedisClient): TurnScripts {
  if (!defined.has(redis)) {
    redis.defineCommand('turnBegin', { numberOfKeys: 6, lua: BEGIN });
    redis.defineCommand('turnFinish', { numberOfKeys: 5, lua: FINISH });
    defined.add(redis);
  }
  const r = redis as unknown as TurnCommands;
  return {
    async begin(k, a) {
      const reply = await r.turnBegin(
        k.lock,
        k.marks,
        k.session,
        k.rate,
        k.history,
        k.unreachable,
        a.token,
        a.lockTtlMs,
        a.mark,
        a.userLimit,
        a.userWindowMs,
        a.historyEntry,
        a.historyMax,
        a.historyTtlSeconds,
      );
      const status = reply[0];
      if (status === 'locked' || status === 'duplicate') return { status };
      if (status === 'limited') {
        return {
          status,
          retryAfterMs: Number(reply[1]),
          notify: reply.length > 2,
          session: reply[2] ? String(reply[2]) : null,
        };
      }
      return { status: 'ok', session: reply[1] === undefined ? null : String(reply[1]) };
    },
    async finish(k, a) {
      await r.turnFinish(
        k.session,
        k.marks,
        k.lock,
        k.history,
        k.unanswered,
        a.session ?? '',
        a.sessionTtlSeconds,
        a.mark,
        a.marksMax,
        a.marksTtlSeconds,
        a.token,
        a.historyMax,
        a.historyTtlSeconds,
        a.historyJoin,
        a.historyJoined,
        a.unansweredLine,
        a.unansweredTtlSeconds,
        a.unansweredOldestDay,
        ...a.historyEntries,
      );
    },
  };
}
