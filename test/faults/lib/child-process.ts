/**
 * The suite's handle on a bot or worker child process: start it (tsx loader, IPC), send it
 * messages, watch how it exits. An exit the suite did not ask for is what scenarios count as
 * "a process exited".
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { HandleResult, IncomingMessage } from '../../../src/core/messages.js';
import type { ChildStats, FromChild, ToChild } from './ipc-protocol.js';

export type Sent = { ok: true; result: HandleResult; ms: number } | { ok: false; error: string; ms: number };

export interface ChildOptions {
  name: string;
  entry: string;
  env: Record<string, string>;
  args?: string[];
  /** Folder for the child's stderr (its logs), kept for a failing run. */
  logDir: string;
  readyTimeoutMs?: number;
}

type PendingCall = { resolve: (m: FromChild) => void; timer?: NodeJS.Timeout };

export class Child {
  readonly unexpectedExits: string[] = [];
  private proc: ChildProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  private expectingExit = false;
  starts = 0;

  constructor(private readonly opts: ChildOptions) {}

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get alive(): boolean {
    return this.proc !== null && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async start(): Promise<void> {
    mkdirSync(this.opts.logDir, { recursive: true });
    this.starts += 1;
    this.expectingExit = false;
    const log = createWriteStream(join(this.opts.logDir, `${this.opts.name}-${this.starts}.log`));
    const proc = fork(this.opts.entry, this.opts.args ?? [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...this.opts.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.proc = proc;
    proc.stdout?.pipe(log);
    proc.stderr?.pipe(log);
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.opts.name} not ready`)),
        this.opts.readyTimeoutMs ?? 60_000,
      );
      proc.on('message', (m: FromChild) => {
        if (m.t === 'ready') {
          clearTimeout(timer);
          resolve();
          return;
        }
        const call = this.pending.get(m.id);
        if (!call) return;
        this.pending.delete(m.id);
        clearTimeout(call.timer);
        call.resolve(m);
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!this.expectingExit) this.unexpectedExits.push(`${this.opts.name} exited: code ${code} signal ${signal}`);
        for (const [id, call] of this.pending) {
          clearTimeout(call.timer);
          call.resolve({ t: 'result', id, ok: false, error: `process exited (${signal ?? code})` });
        }
        this.pending.clear();
        reject(new Error(`${this.opts.name} exited before ready (${signal ?? code})`));
      });
    });
    await ready;
  }

  private call(message: ToChild, timeoutMs: number): Promise<FromChild> {
    return new Promise((resolve) => {
      const proc = this.proc;
      if (!proc || !this.alive || !proc.connected) {
        resolve({ t: 'result', id: message.id, ok: false, error: 'process not running' });
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(message.id);
        resolve({ t: 'result', id: message.id, ok: false, error: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
      this.pending.set(message.id, { resolve, timer });
      proc.send(message, (err) => {
        if (!err) return;
        this.pending.delete(message.id);
        clearTimeout(timer);
        resolve({ t: 'result', id: message.id, ok: false, error: `send failed: ${err.message}` });
      });
    });
  }

  async handle(msg: IncomingMessage, timeoutMs = 30_000): Promise<Sent> {
    const started = performance.now();
    const reply = await this.call({ t: 'handle', id: this.nextId++, msg }, timeoutMs);
    const ms = performance.now() - started;
    if (reply.t !== 'result') return { ok: false, error: `unexpected ${reply.t}`, ms };
    return reply.ok ? { ok: true, result: reply.result, ms } : { ok: false, error: reply.error, ms };
  }

  async stats(): Promise<ChildStats | null> {
    const reply = await this.call({ t: 'stats', id: this.nextId++ }, 10_000);
    return reply.t === 'stats' ? reply.stats : null;
  }

  async settle(): Promise<void> {
    await this.call({ t: 'settle', id: this.nextId++ }, 15_000);
  }

  /** SIGKILL (a crash) or a graceful stop through IPC. */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc || !this.alive) return;
    this.expectingExit = true;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || !this.alive) return;
    this.expectingExit = true;
    const exited = new Promise((r) => proc.once('exit', r));
    await this.call({ t: 'stop', id: this.nextId++ }, 20_000);
    const forced = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(forced);
  }
}
