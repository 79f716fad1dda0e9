/**
 * Group complaints. One complaint often stands for many workers (the same agency, ship or
 * employer). The worker who filed gets a short join code; a co-worker types "gabung KODE"
 * (flows/case-join.yaml), answers a short intake and is counted on the case. Staff see the
 * headcount and each member's answers; a worker only ever sees how many joined, never who.
 *
 * Keys hang on the ticket, not the stored case, so a code works before the worker has stored
 * the case. Each member is indexed by a hash of their chat, so "hapus data saya" finds them.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ActionHandler } from '../core/action-types.js';
import { channelSchema } from '../core/messages.js';
import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis.js';
import { chatHash } from './complaint-keys.js';
import type { CaseRecord } from './complaint-schema.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const JOIN_CODE = /^[0-9A-HJKMNP-TV-Z]{6}$/;

export const memberSchema = z.strictObject({
  channel: channelSchema,
  userId: z.string().min(1).max(200),
  lang: z.enum(['id', 'en']),
  description: z.string().min(1).max(2000),
  at: z.iso.datetime(),
});
export type GroupMember = z.infer<typeof memberSchema>;

const groupBase = (prefix: string) => `${prefix}:{complaints}:group`;

/** Removes a chat from every group complaint it joined ("hapus data saya"); returns how many. */
export async function leaveAllGroups(redis: RedisClient, prefix: string, channel: string, userId: string) {
  const p = groupBase(prefix);
  const joined = `${p}:joined:${chatHash(channel, userId)}`;
  const tickets = await redis.smembers(joined);
  const me = chatHash(channel, userId);
  for (const ticket of tickets) await redis.hdel(`${p}:members:${ticket}`, me);
  await redis.del(joined);
  return tickets.length;
}

/** Headcount and members of a ticket's group, for staff tools (`cases show`). */
export async function readGroup(
  redis: RedisClient,
  prefix: string,
  ticket: string,
): Promise<{ headcount: number; members: GroupMember[] }> {
  const raw = Object.values(await redis.hgetall(`${groupBase(prefix)}:members:${ticket}`));
  const members = raw.flatMap((r) => {
    try {
      const parsed = memberSchema.safeParse(JSON.parse(r));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
  return { headcount: 1 + raw.length, members: members.sort((a, b) => a.at.localeCompare(b.at)) };
}

export interface CaseGroups {
  /** The case's join code, made on first use. */
  codeFor(ticket: string): Promise<string>;
  /** How many people the case stands for: the reporter and everyone who joined. */
  headcount(ticket: string): Promise<number>;
  /** Staff only: the members' answers. */
  members(ticket: string): Promise<GroupMember[]>;
  /** Removes a chat from every group it joined ("hapus data saya"); returns how many. */
  leaveAll(channel: string, userId: string): Promise<number>;
  /** Flow actions: `checkJoinCode` (param `code`) and `joinCase` (slots `joinInfo`, `description`). */
  actions: { checkJoinCode: ActionHandler; joinCase: ActionHandler };
}

export function createCaseGroups(deps: {
  redis: RedisClient;
  prefix: string;
  logger: Logger;
  /** Who filed the ticket (channel and user), to keep the reporter from joining their own case. */
  ownerOf: (ticket: string) => Promise<{ channel: string; userId: string; category: string; country: string } | null>;
  /** Tells staff that someone joined (count only). */
  postToStaff: (ticket: string, headcount: number) => Promise<void>;
  categoryLabel: (lang: 'id' | 'en', category: string) => string;
  now?: () => number;
}): CaseGroups {
  const { redis, logger } = deps;
  const p = groupBase(deps.prefix);
  const codeKey = (code: string) => `${p}:code:${code}`;
  const codeOf = (ticket: string) => `${p}:code-of:${ticket}`;
  const membersKey = (ticket: string) => `${p}:members:${ticket}`;
  const joinedKey = (channel: string, userId: string) => `${p}:joined:${chatHash(channel, userId)}`;
  const now = deps.now ?? Date.now;

  async function codeFor(ticket: string): Promise<string> {
    const existing = await redis.get(codeOf(ticket));
    if (existing) return existing;
    for (let i = 0; i < 5; i++) {
      const code = [...randomBytes(6)].map((b) => CROCKFORD[b & 31]).join('');
      if ((await redis.set(codeKey(code), ticket, 'NX')) !== 'OK') continue;
      // Two first uses at once: the first code written wins, the other is dropped.
      if ((await redis.set(codeOf(ticket), code, 'NX')) === 'OK') return code;
      await redis.del(codeKey(code));
      return (await redis.get(codeOf(ticket))) as string;
    }
    throw new Error('no free join code after 5 tries');
  }

  async function headcount(ticket: string): Promise<number> {
    return 1 + (await redis.hlen(membersKey(ticket)));
  }

  const checkJoinCode: ActionHandler = async (ctx) => {
    const code = String(ctx.params.code ?? '').toUpperCase();
    const ticket = JOIN_CODE.test(code) ? await redis.get(codeKey(code)) : null;
    const owner = ticket ? await deps.ownerOf(ticket) : null;
    if (!ticket || !owner) return { outcome: 'invalid', say: [{ key: 'complaint.join_invalid' }] };
    if (owner.channel === ctx.channel && owner.userId === ctx.userId) {
      return { outcome: 'own', say: [{ key: 'complaint.join_own', params: { code } }] };
    }
    const already = await redis.hexists(membersKey(ticket), chatHash(ctx.channel, ctx.userId));
    if (already) return { outcome: 'already', say: [{ key: 'complaint.join_already' }] };
    return {
      outcome: 'ok',
      // The ticket stays out of what the joiner is shown: it is the reporter's key to their case.
      value: { code },
      say: [
        {
          key: 'complaint.join_intro',
          params: {
            category: deps.categoryLabel(ctx.lang, owner.category),
            country: owner.country,
            count: await headcount(ticket),
          },
        },
      ],
    };
  };

  const joinCase: ActionHandler = async (ctx) => {
    const info = ctx.slots.joinInfo as { code?: string } | undefined;
    const code = String(info?.code ?? '');
    const ticket = JOIN_CODE.test(code) ? await redis.get(codeKey(code)) : null;
    const description = typeof ctx.slots.description === 'string' ? ctx.slots.description.trim() : '';
    if (!ticket || !description) return { outcome: 'invalid', say: [{ key: 'complaint.join_invalid' }] };
    const member: GroupMember = {
      channel: ctx.channel,
      userId: ctx.userId,
      lang: ctx.lang,
      description,
      at: new Date(now()).toISOString(),
    };
    await redis
      .multi()
      .hset(membersKey(ticket), chatHash(ctx.channel, ctx.userId), JSON.stringify(memberSchema.parse(member)))
      .sadd(joinedKey(ctx.channel, ctx.userId), ticket)
      .exec();
    const count = await headcount(ticket);
    await deps
      .postToStaff(ticket, count)
      .catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'case group: staff not told'));
    logger.info({ headcount: count }, 'case group: a worker joined');
    return { outcome: 'joined', say: [{ key: 'complaint.join_done', params: { others: count - 1 } }] };
  };

  return {
    codeFor,
    headcount,
    members: async (ticket) => (await readGroup(redis, deps.prefix, ticket)).members,
    leaveAll: (channel, userId) => leaveAllGroups(redis, deps.prefix, channel, userId),
    actions: { checkJoinCode, joinCase },
  };
}

export interface RelatedGroup {
  by: 'agency' | 'employer';
  name: string;
  tickets: string[];
  /** Reporters and everyone who joined, over the group's cases. */
  people: number;
}

/** A company name compared loosely: "PT. Maju Jaya" and "pt maju jaya" are one agency. */
const sameName = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/^(pt|cv)\s+/, '')
    .trim();

/**
 * Open cases that name the same agency (or, with personal data, the same employer, which may
 * be a household and so a person's name), two or more to a group, largest first.
 */
export async function relatedCases(
  cases: CaseRecord[],
  withPersonal: boolean,
  headcount: (ticket: string) => Promise<number>,
): Promise<RelatedGroup[]> {
  const buckets = new Map<string, { by: RelatedGroup['by']; name: string; tickets: string[] }>();
  for (const c of cases) {
    if (c.status === 'resolved' || c.status === 'closed') continue;
    const named: [RelatedGroup['by'], string | undefined][] = [['agency', c.complaint.agencyName]];
    if (withPersonal) named.push(['employer', c.complaint.employerName]);
    for (const [by, name] of named) {
      if (!name || !sameName(name)) continue;
      const key = `${by}|${sameName(name)}`;
      const b = buckets.get(key) ?? { by, name, tickets: [] };
      b.tickets.push(c.ticket);
      buckets.set(key, b);
    }
  }
  const groups: RelatedGroup[] = [];
  for (const b of buckets.values()) {
    if (b.tickets.length < 2) continue;
    const counts = await Promise.all(b.tickets.map(headcount));
    groups.push({ ...b, people: counts.reduce((a, n) => a + n, 0) });
  }
  return groups.sort((a, b) => b.people - a.people || a.name.localeCompare(b.name));
}
