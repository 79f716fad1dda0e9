/**
 * The local spool: complaints that could not be queued are appended, one JSON line each, to
 * an append-only file and fsynced before the user is told they are saved. A replayer queues
 * them again when Redis is back.
 *
 * No line may be lost, also when a line is written while a replay runs:
 * - each process appends only to its own file `spool-<pid>.jsonl`, under an in-process lock;
 * - a replay first renames that file (same lock) to `replay-*.jsonl`; new lines start a new
 *   file, and no write can land in a file being replayed;
 * - files of processes that no longer run are claimed the same way (an atomic rename);
 * - a replay file is deleted only after every line in it was queued; a line that cannot be
 *   read goes to `bad-*.jsonl` for an operator, never to the bin.
 * Replaying a line twice is harmless: the job id is the complaint id.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { type SpoolLine, spoolLineSchema } from './complaint-schema.js';

export interface ReplayReport {
  replayed: number;
  bad: number;
  /** Lines still waiting because queuing failed (Redis still down). */
  waiting: number;
}

export interface ComplaintSpool {
  readonly dir: string;
  /** Appends one line and fsyncs it; resolves only when the line is on disk. */
  append(line: SpoolLine): Promise<void>;
  /** Queues spooled lines through `enqueue` (which throws when it cannot); see the file comment. */
  replay(enqueue: (line: SpoolLine) => Promise<void>): Promise<ReplayReport>;
  /** The newest spooled line for a ticket, or null. */
  find(ticket: string): Promise<SpoolLine | null>;
  /** Lines waiting in the spool (for health and tests). */
  count(): Promise<number>;
}

export interface SpoolOptions {
  dir: string;
  logger: Logger;
  /** Identifies this process's file; default `process.pid`. */
  pid?: number;
  /** Whether a process id is still running; default `process.kill(pid, 0)`. */
  isAlive?: (pid: number) => boolean;
}

const ACTIVE = /^spool-(\d+)\.jsonl$/;
const REPLAY = /^replay-.*\.jsonl$/;

export function createComplaintSpool(opts: SpoolOptions): ComplaintSpool {
  const { dir, logger } = opts;
  const pid = opts.pid ?? process.pid;
  const isAlive = opts.isAlive ?? defaultIsAlive;
  const activeFile = join(dir, `spool-${pid}.jsonl`);
  let lock: Promise<unknown> = Promise.resolve();
  let replaying: Promise<ReplayReport> | null = null;
  let dirReady = false;

  /** Serialises appends and rotation of this process's file. */
  const withLock = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = lock.then(fn, fn);
    lock = run.catch(() => undefined);
    return run;
  };

  const ensureDir = async () => {
    if (dirReady) return;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    dirReady = true;
  };

  const uniqueName = (kind: string, owner: number) =>
    join(dir, `${kind}-${owner}-${Date.now()}-${randomBytes(4).toString('hex')}.jsonl`);

  async function append(line: SpoolLine): Promise<void> {
    const data = `${JSON.stringify(spoolLineSchema.parse(line))}\n`;
    await withLock(async () => {
      await ensureDir();
      const created = !(await exists(activeFile));
      const fh = await open(activeFile, 'a', 0o600);
      try {
        await fh.write(data);
        await fh.datasync();
      } finally {
        await fh.close();
      }
      // A new file's directory entry must be durable too, or a crash could drop the whole file.
      if (created) await syncDir(dir);
    });
  }

  async function claimFiles(): Promise<void> {
    await withLock(async () => {
      if ((await size(activeFile)) > 0) await rename(activeFile, uniqueName('replay', pid));
    });
    for (const name of await list(dir)) {
      const m = ACTIVE.exec(name);
      const owner = Number(m?.[1]);
      if (!m || owner === pid || isAlive(owner)) continue;
      try {
        await rename(join(dir, name), uniqueName('replay', owner));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }

  async function replayFile(file: string, enqueue: (line: SpoolLine) => Promise<void>, report: ReplayReport) {
    const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    const bad: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const parsed = parseLine(lines[i] as string);
      if (!parsed) {
        bad.push(lines[i] as string);
        continue;
      }
      try {
        await enqueue(parsed);
        report.replayed += 1;
      } catch {
        // Redis is still away: keep the whole file; the lines already queued are deduplicated by job id.
        report.waiting += lines.length - i;
        return;
      }
    }
    if (bad.length > 0) {
      await writeFile(uniqueName('bad', pid), `${bad.join('\n')}\n`, { mode: 0o600, flush: true });
      report.bad += bad.length;
      logger.error({ alert: true, lines: bad.length }, 'unreadable complaint spool lines moved aside for an operator');
    }
    await unlink(file);
  }

  async function replay(enqueue: (line: SpoolLine) => Promise<void>): Promise<ReplayReport> {
    if (replaying) return replaying;
    replaying = (async () => {
      const report: ReplayReport = { replayed: 0, bad: 0, waiting: 0 };
      await ensureDir();
      await claimFiles();
      const files = (await list(dir)).filter((n) => REPLAY.test(n)).sort();
      for (const name of files) {
        try {
          await replayFile(join(dir, name), enqueue, report);
        } catch (err) {
          // Another process may have replayed and removed the same file.
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
        if (report.waiting > 0) break;
      }
      if (report.replayed > 0 || report.waiting > 0) logger.info({ ...report }, 'complaint spool replay');
      return report;
    })().finally(() => {
      replaying = null;
    });
    return replaying;
  }

  async function spooledFiles(): Promise<string[]> {
    return (await list(dir)).filter((n) => ACTIVE.test(n) || REPLAY.test(n)).map((n) => join(dir, n));
  }

  async function find(ticket: string): Promise<SpoolLine | null> {
    let found: SpoolLine | null = null;
    for (const file of await spooledFiles()) {
      const content = await readOrEmpty(file);
      if (!content.includes(ticket)) continue;
      for (const raw of content.split('\n')) {
        if (!raw.includes(ticket)) continue;
        const line = parseLine(raw);
        if (line && line.complaint.ticket === ticket) found = line;
      }
    }
    return found;
  }

  async function count(): Promise<number> {
    let n = 0;
    for (const file of await spooledFiles()) {
      n += (await readOrEmpty(file)).split('\n').filter((l) => l.trim() !== '').length;
    }
    return n;
  }

  return { dir, append, replay, find, count };
}

function parseLine(raw: string): SpoolLine | null {
  try {
    const parsed = spoolLineSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function defaultIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(path: string): Promise<boolean> {
  return (await size(path)) >= 0;
}

async function size(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return -1;
  }
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function readOrEmpty(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
