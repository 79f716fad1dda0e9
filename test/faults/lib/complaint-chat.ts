/**
 * A user filing a complaint through the scripted path, who behaves like a person when things
 * go wrong: after an apology they send the same answer again, after a reset they start over,
 * and when the bot says nothing they wait and try again. Every deviation is recorded: a
 * silent answer or an unexpected position (the conversation moved without an apology) is an
 * error; an apology is not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HandleResult } from '../../../src/core/messages.js';
import type { Sent } from './child-process.js';
import { sleep } from './fault-redis.js';
import { isApology, isSpoolNotice } from './texts.js';

export const COMPLAINT_DESCRIPTION =
  'Majikan tidak membayar gaji saya sejak bulan Agustus, saya sudah minta tapi selalu ditunda.';

/** From the first message to the ticket (the brief's working script). */
export const COMPLAINT_LINES = [
  'gaji saya belum dibayar 3 bulan',
  'ya',
  '1',
  'Taiwan',
  COMPLAINT_DESCRIPTION,
  'lewati',
  '1',
  'ya',
  '1',
];

export const TICKET_RE = /ADU-[0-9A-HJKMNP-TV-Z]{8}/g;

/** Codes the bot's texts use as examples ("contoh: ADU-7K3Q9X2M"): not anybody's ticket. */
const EXAMPLES = new Set(
  ['id', 'en'].flatMap((lang) =>
    readdirSync(join('locales', lang)).flatMap(
      (f) => readFileSync(join('locales', lang, f), 'utf8').match(TICKET_RE) ?? [],
    ),
  ),
);

export function ticketsInText(text: string): string[] {
  return (text.match(TICKET_RE) ?? []).filter((t) => !EXAMPLES.has(t));
}

export interface Position {
  flow: string | null;
  node: string | null;
}

export interface ChatOutcome {
  sent: number;
  answered: number;
  tickets: Set<string>;
  errors: string[];
  apologies: number;
  restarts: number;
  completed: boolean;
  /** Tickets given with the "saved, will be sent" text (the complaint went to the spool). */
  spooled: number;
  /** Milliseconds from sending each line to its answer. */
  latencies: number[];
}

export function ticketsIn(result: HandleResult): string[] {
  return result.replies.flatMap((r) => ticketsInText(r.text));
}

/** Where a healthy bot stands after each line of `lines`; the driver compares against it. */
export async function referencePath(send: (text: string) => Promise<Sent>, lines: string[]): Promise<Position[]> {
  const path: Position[] = [];
  for (const [i, line] of lines.entries()) {
    const r = await send(line);
    if (!r.ok) throw new Error(`reference conversation failed: ${r.error}`);
    path.push({ flow: r.result.state?.flow ?? null, node: r.result.state?.node ?? null });
    if (i === lines.length - 1 && ticketsIn(r.result).length === 0) throw new Error('reference got no ticket');
  }
  return path;
}

export interface DriveOptions {
  lines: string[];
  expected: Position[];
  thinkMs: () => number;
  /** Wait before trying again after an apology or silence. */
  retryMs: number;
  /** Give up after this many tries of one line. */
  maxTries: number;
  /** Whether the last line must bring a ticket (the full script) or only the expected position. */
  ticketAtEnd?: boolean;
}

export async function fileComplaint(send: (text: string) => Promise<Sent>, o: DriveOptions): Promise<ChatOutcome> {
  const out: ChatOutcome = {
    sent: 0,
    answered: 0,
    tickets: new Set(),
    errors: [],
    apologies: 0,
    restarts: 0,
    completed: false,
    spooled: 0,
    latencies: [],
  };
  let i = 0;
  let tries = 0;
  while (i < o.lines.length) {
    if (tries++ >= o.maxTries) {
      out.errors.push(`gave up at line ${i}`);
      return out;
    }
    await sleep(o.thinkMs());
    const r = await send(o.lines[i] as string);
    out.sent += 1;
    out.latencies.push(r.ms);
    if (!r.ok) {
      out.errors.push(`no answer at line ${i}: ${r.error}`);
      await sleep(o.retryMs);
      continue;
    }
    const texts = r.result.replies.map((x) => x.text);
    if (texts.length === 0) {
      out.errors.push(`empty answer at line ${i}`);
      await sleep(o.retryMs);
      continue;
    }
    out.answered += 1;
    const got = ticketsIn(r.result);
    for (const t of got) out.tickets.add(t);
    if (isSpoolNotice(texts)) out.spooled += 1;
    const pos: Position = { flow: r.result.state?.flow ?? null, node: r.result.state?.node ?? null };
    const want = o.expected[i] as Position;
    const last = i === o.lines.length - 1 && o.ticketAtEnd !== false;
    if ((last && got.length > 0) || (!last && pos.flow === want.flow && pos.node === want.node)) {
      i += 1;
      tries = 0;
      continue;
    }
    if (isApology(texts)) {
      out.apologies += 1;
      const before = i === 0 ? { flow: null, node: null } : (o.expected[i - 1] as Position);
      // Still where the line was asked (or the bot could not tell): send it again. Anywhere
      // else the bot reset the conversation: start over.
      const reset = r.result.state !== undefined && (pos.flow !== before.flow || pos.node !== before.node);
      if (reset) {
        out.restarts += 1;
        i = 0;
      }
      await sleep(o.retryMs);
      continue;
    }
    out.errors.push(`line ${i}: at ${pos.flow}/${pos.node}, expected ${want.flow}/${want.node}, no apology`);
    out.restarts += 1;
    i = 0;
  }
  out.completed = true;
  return out;
}
