/**
 * The soak's steady mixed workload: simulated users who each, in turn, file a complaint, ask
 * questions, check an agency and ask the status of their ticket, reading 1 to 3 s between
 * messages. A user who finished starts again as a new person (a new chat), so the key count
 * shows what many people over time leave in Redis, not one person's session rewritten.
 */
import type { Child } from '../lib/child-process.js';
import { COMPLAINT_LINES, ticketsIn } from '../lib/complaint-chat.js';
import { sleep } from '../lib/fault-redis.js';
import { sender } from '../lib/scenario-kit.js';

const QUESTIONS = [
  'halo',
  'syarat kerja ke Taiwan apa saja',
  'berapa biaya penempatan ke Hong Kong',
  'cek PT Maju Jaya',
  'menu',
  'terima kasih',
];

/** One answered (or failed) message of the current interval. */
export interface Sample {
  ms: number;
  ok: boolean;
}

export interface Workload {
  /** Takes the samples recorded since the last call. */
  drain(): Sample[];
  /** Resolves when every user has stopped (after `until`). */
  done: Promise<void>;
  conversations(): number;
}

export function startWorkload(bot: Child, users: number, until: number): Workload {
  let samples: Sample[] = [];
  let conversations = 0;
  const say = async (user: string, text: string) => {
    const r = await sender(bot, user, 60_000)(text);
    samples.push({ ms: r.ms, ok: r.ok && r.result.replies.length > 0 });
    await sleep(1000 + Math.random() * 2000);
    return r;
  };
  const person = async (slot: number) => {
    for (let round = 0; Date.now() < until; round++) {
      const user = `soak-${slot}-${round}`;
      conversations += 1;
      let ticket: string | undefined;
      for (const line of COMPLAINT_LINES) {
        if (Date.now() >= until) return;
        const r = await say(user, line);
        if (r.ok) ticket = ticketsIn(r.result)[0] ?? ticket;
      }
      for (const q of QUESTIONS) {
        if (Date.now() >= until) return;
        await say(user, q);
      }
      if (ticket && Date.now() < until) await say(user, `cek status ${ticket}`);
    }
  };
  const done = Promise.all(
    Array.from({ length: users }, async (_, slot) => {
      // Spread the starts so the users are not in step.
      await sleep(Math.random() * 3000);
      await person(slot);
    }),
  ).then(() => undefined);
  return {
    drain() {
      const out = samples;
      samples = [];
      return out;
    },
    done,
    conversations: () => conversations,
  };
}
