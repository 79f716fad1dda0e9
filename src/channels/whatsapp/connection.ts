/**
 * Keeps one whatsapp-web.js client alive: start, log-in output, reconnect with backoff
 * (destroy + initialize), a scheduled browser restart against Chromium's memory growth, and
 * a clean stop. A logout or ban stops only this channel and says so in health and logs.
 */

import type { ChannelHealth, ChannelState } from '../../core/messages.js';
import { ChannelError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { classifyStartFailure, describeError, START_FAILURES } from './describe-error.js';
import type { LoginOutput } from './login-output.js';
import type { WaBrowser, WaClient, WaClientFactory, WaClientOptions } from './wa-types.js';

/** Disconnect reasons that another attempt cannot fix, with what the operator should do. */
const FATAL_REASONS: Record<string, string> = {
  LOGOUT: 'the phone unlinked this device; link it again (QR or pairing code) and restart',
  UNPAIRED: 'the session is no longer linked; link the phone again and restart',
  UNPAIRED_IDLE: 'the session is no longer linked; link the phone again and restart',
  TOS_BLOCK: 'WhatsApp blocked this number (terms of service); do not retry with the same number',
  SMB_TOS_BLOCK: 'WhatsApp blocked this business number (terms of service); do not retry with the same number',
  DEPRECATED_VERSION: 'WhatsApp Web rejected this client version; update whatsapp-web.js',
  'Max qrcode retries reached': 'nobody scanned the QR code; restart to get a new one',
};

export interface ConnectionOptions {
  createClient: WaClientFactory;
  clientOptions: WaClientOptions;
  logger: Logger;
  loginOutput: LoginOutput;
  /** Scheduled browser restart; 0 = off. */
  restartHours: number;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  /** Called once per client, to attach message listeners. */
  onClient(client: WaClient): void;
}

export interface Connection {
  /** Resolves once WhatsApp Web has loaded (log-in may still be pending); throws `ChannelError`. */
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): ChannelHealth;
  /** The client when ready; waits up to `timeoutMs` during a reconnect. Rejects with `ChannelError`. */
  whenReady(timeoutMs: number): Promise<WaClient>;
}

export function createConnection(options: ConnectionOptions): Connection {
  const { logger } = options;
  let client: WaClient | undefined;
  let state: ChannelState = 'stopped';
  let detail: string | undefined;
  let halted = true;
  let recovering = false;
  let attempt = 0;
  let sleeper: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let watched: { browser: WaBrowser; listener: () => void } | undefined;
  const waiters = new Set<{ resolve: (c: WaClient) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  function setState(next: ChannelState, why?: string): void {
    state = next;
    detail = why;
    for (const waiter of waiters) {
      if (next === 'ready' && client) waiter.resolve(client);
      else if (next === 'failed' || next === 'stopped')
        waiter.reject(new ChannelError('whatsapp', `WhatsApp: ${next}`));
      else continue;
      clearTimeout(waiter.timer);
      waiters.delete(waiter);
    }
  }

  async function destroyQuietly(): Promise<void> {
    try {
      await client?.destroy();
    } catch (err) {
      logger.debug({ error: describeError(err) }, 'WhatsApp: destroy failed (ignored)');
    }
  }

  function unwatchBrowser(): void {
    watched?.browser.off?.('disconnected', watched.listener);
    watched = undefined;
  }

  // A crashed or OOM-killed Chromium does not always produce a `disconnected` event.
  function watchBrowser(c: WaClient): void {
    unwatchBrowser();
    const browser = c.pupBrowser;
    if (!browser) return;
    const listener = () => {
      if (halted || recovering) return;
      logger.warn('WhatsApp: the browser closed unexpectedly');
      void recover('browser closed');
    };
    browser.on('disconnected', listener);
    watched = { browser, listener };
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        sleeper = undefined;
        resolve();
      }, ms);
      sleeper = { timer, wake: resolve };
    });
  }

  async function recover(why: string): Promise<void> {
    if (halted || recovering || !client) return;
    recovering = true;
    unwatchBrowser();
    setState('reconnecting', why);
    try {
      while (!halted) {
        const delayMs = Math.min(options.reconnectMaxMs, options.reconnectInitialMs * 2 ** attempt);
        attempt += 1;
        logger.warn({ attempt, delayMs, why }, 'WhatsApp: reconnecting');
        await sleep(delayMs);
        if (halted) break;
        await destroyQuietly();
        if (halted) break;
        try {
          await client.initialize();
          if (state === 'reconnecting') setState('starting', 'reconnected; waiting for WhatsApp to be ready');
          break;
        } catch (err) {
          const cause = classifyStartFailure(err);
          logger.warn(
            { attempt, cause, error: describeError(err) },
            `WhatsApp: reconnect attempt failed (${START_FAILURES[cause]})`,
          );
          detail = `${why}; attempt ${attempt} failed: ${describeError(err, 120)}`;
        }
      }
    } finally {
      recovering = false;
    }
  }

  async function fail(reason: string, hint: string): Promise<void> {
    halt();
    setState('failed', `${reason}: ${hint}`);
    logger.error({ reason }, `WhatsApp channel stopped (${reason}): ${hint}. The rest of the bot keeps running.`);
    await destroyQuietly();
  }

  function halt(): void {
    halted = true;
    if (sleeper) {
      clearTimeout(sleeper.timer);
      sleeper.wake();
      sleeper = undefined;
    }
    if (restartTimer) clearInterval(restartTimer);
    restartTimer = undefined;
    unwatchBrowser();
  }

  function scheduleRestartTimer(): void {
    if (options.restartHours <= 0 || restartTimer) return;
    restartTimer = setInterval(() => {
      if (state !== 'ready' || recovering || halted) return;
      logger.info({ everyHours: options.restartHours }, 'WhatsApp: scheduled browser restart');
      attempt = 0;
      void recover('scheduled browser restart');
    }, options.restartHours * 3_600_000);
    restartTimer.unref();
  }

  function attach(c: WaClient): void {
    c.on('qr', (qr: string) => {
      detail = 'not linked: scan the QR code';
      void options.loginOutput.showQr(qr);
    });
    c.on('code', (code: string) => {
      detail = 'not linked: enter the pairing code on the phone';
      options.loginOutput.showPairingCode(code);
    });
    c.on('authenticated', () => {
      logger.info('WhatsApp: authenticated');
      void options.loginOutput.clear();
    });
    c.on('auth_failure', (message: unknown) => {
      detail = 'authentication failed';
      logger.error(
        { reason: describeError(message) },
        'WhatsApp: authentication failed (the saved session was refused)',
      );
    });
    c.on('ready', () => {
      attempt = 0;
      setState('ready');
      watchBrowser(c);
      logger.info('WhatsApp: ready');
    });
    c.on('change_state', (waState: unknown) => logger.debug({ waState: String(waState) }, 'WhatsApp: state changed'));
    c.on('disconnected', (reason: unknown) => {
      if (halted) return;
      const why = String(reason);
      logger.warn({ reason: why }, 'WhatsApp: disconnected');
      const hint = FATAL_REASONS[why];
      if (hint) void fail(why, hint);
      else void recover(`disconnected: ${why}`);
    });
    options.onClient(c);
  }

  return {
    async start() {
      if (!halted) return;
      halted = false;
      attempt = 0;
      setState('starting');
      if (!client) {
        try {
          client = options.createClient(options.clientOptions);
        } catch (err) {
          const message = err instanceof ChannelError ? err.message : `WhatsApp: ${describeError(err)}`;
          halt();
          setState('failed', message);
          throw new ChannelError('whatsapp', message);
        }
        attach(client);
      }
      try {
        await client.initialize();
      } catch (err) {
        // Not a configuration error (those were caught by createClient): the network or the
        // browser may come back, and the other channels must keep serving meanwhile.
        if (halted) return;
        const cause = classifyStartFailure(err);
        logger.error(
          { cause, error: describeError(err) },
          `WhatsApp: could not start (${START_FAILURES[cause]}); retrying with backoff, the other channels keep running`,
        );
        await destroyQuietly();
        scheduleRestartTimer();
        void recover(`start failed (${START_FAILURES[cause]}): ${describeError(err, 120)}`);
        return;
      }
      if (halted) {
        await destroyQuietly(); // stop() was called while the browser was starting
        return;
      }
      if (state === 'starting') detail = 'waiting for WhatsApp (link the phone if a QR or code is shown)';
      scheduleRestartTimer();
    },
    async stop() {
      halt();
      if (state !== 'failed') setState('stopped');
      await destroyQuietly();
    },
    health: () => ({ channel: 'whatsapp', state, ...(detail ? { detail } : {}) }),
    whenReady(timeoutMs) {
      if (state === 'ready' && client) return Promise.resolve(client);
      if (halted) return Promise.reject(new ChannelError('whatsapp', `WhatsApp: ${state}`));
      return new Promise((resolve, reject) => {
        const waiter = {
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            reject(new ChannelError('whatsapp', `WhatsApp: not connected after ${timeoutMs} ms (${state})`));
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
  };
}
