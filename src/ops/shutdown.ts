/**
 * Graceful shutdown: named steps run in order (stop taking messages, finish those in flight,
 * close workers, queues and Redis) within one overall bound. A step that fails or overruns
 * its share is logged and the next one still runs: closing Redis often unblocks a step that
 * waits on it, and an exit that never comes is worse than one that leaves a job stalled
 * (BullMQ retries stalled jobs).
 */
import type { Logger } from '../logger.js';
import type { MessageHandler } from '../messages.js';

export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown> | unknown;
}

export interface ShutdownOptions {
  logger: Logger;
  /** Bound for all steps together. */
  timeoutMs: number;
  steps: ShutdownStep[];
}

export interface ShutdownReport {
  /** True when every step finished without error within the bound. */
  ok: boolean;
  failed: string[];
  timedOut: string[];
  ms: number;
}

export interface Shutdown {
  /** Runs the steps once; later calls return the same result. */
  run(reason: string): Promise<ShutdownReport>;
  /** Adds a step before the shutdown starts (e.g. a channel started later). */
  add(step: ShutdownStep, position?: 'first' | 'last'): void;
  /**
   * Runs on SIGTERM and SIGINT, then exits 0 (1 when a step failed or overran). A second
   * signal, or a shutdown that hangs past the bound by a second, exits 1 at once.
   */
  installSignalHandlers(proc?: NodeJS.Process): void;
}

export class ShuttingDownError extends Error {
  constructor() {
    super('the bot is shutting down and takes no new messages');
    this.name = 'ShuttingDownError';
  }
}

export function createShutdown(opts: ShutdownOptions): Shutdown {
  const { logger } = opts;
  const steps = [...opts.steps];
  let running: Promise<ShutdownReport> | null = null;

  async function runSteps(reason: string): Promise<ShutdownReport> {
    const started = Date.now();
    const deadline = started + opts.timeoutMs;
    const failed: string[] = [];
    const timedOut: string[] = [];
    logger.info({ reason, steps: steps.map((s) => s.name) }, 'shutting down');
    for (const step of steps) {
      const left = deadline - Date.now();
      // Steps after an overrun still get a short chance: closing Redis takes milliseconds.
      const budget = Math.max(left, 250);
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        Promise.resolve()
          .then(step.run)
          .then(
            () => 'done' as const,
            (err: unknown) => {
              logger.error({ err, step: step.name }, 'shutdown step failed');
              return 'failed' as const;
            },
          ),
        new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), budget);
        }),
      ]);
      clearTimeout(timer);
      if (outcome === 'failed') failed.push(step.name);
      if (outcome === 'timeout') {
        timedOut.push(step.name);
        logger.error({ step: step.name, budgetMs: budget }, 'shutdown step took too long; going on');
      }
    }
    const report = { ok: failed.length === 0 && timedOut.length === 0, failed, timedOut, ms: Date.now() - started };
    logger.info({ ...report }, 'shutdown complete');
    return report;
  }

  const run = (reason: string) => {
    running ??= runSteps(reason);
    return running;
  };

  return {
    run,
    add(step, position = 'last') {
      if (running) throw new Error('shutdown already started');
      if (position === 'first') steps.unshift(step);
      else steps.push(step);
    },
    installSignalHandlers(proc = process) {
      const onSignal = (signal: NodeJS.Signals) => {
        if (running) {
          logger.warn({ signal }, 'second signal during shutdown; exiting now');
          proc.exit(1);
        }
        const guard = setTimeout(() => {
          logger.error('shutdown hung past its bound; exiting');
          proc.exit(1);
        }, opts.timeoutMs + 1000);
        guard.unref();
        void run(signal).then((report) => proc.exit(report.ok ? 0 : 1));
      };
      proc.on('SIGTERM', onSignal);
      proc.on('SIGINT', onSignal);
    },
  };
}

export interface InflightGate {
  /** The handler to give the channels: counts messages in flight, refuses new ones once closed. */
  wrap(handler: MessageHandler): MessageHandler;
  /** Stops taking messages: `handle` rejects with `ShuttingDownError` so channels do not acknowledge them. */
  close(): void;
  /** Resolves when no message is in flight (after `close`, when the last one finished). */
  drain(): Promise<void>;
  readonly active: number;
}

export function createInflightGate(): InflightGate {
  let active = 0;
  let open = true;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (active > 0) return;
    for (const w of waiters) w();
    waiters = [];
  };
  return {
    wrap(handler) {
      return {
        async handle(msg, options) {
          if (!open) throw new ShuttingDownError();
          active += 1;
          try {
            return await handler.handle(msg, options);
          } finally {
            active -= 1;
            settle();
          }
        },
      };
    },
    close() {
      open = false;
    },
    drain() {
      if (active === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    get active() {
      return active;
    },
  };
}
