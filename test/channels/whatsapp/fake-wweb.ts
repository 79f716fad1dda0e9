/**
 * Test doubles shaped like whatsapp-web.js: a Client that is an EventEmitter (as in the
 * library) and message objects with the fields the library sets. No browser involved.
 */
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type { WaClient, WaMedia, WaMessage } from '../../../src/channels/whatsapp/wa-types.js';
import type { IncomingMessage } from '../../../src/core/messages.js';
import { createLogger, type Logger } from '../../../src/logger.js';

export class FakeBrowser extends EventEmitter {}

export class FakeClient extends EventEmitter implements WaClient {
  sent: { chatId: string; text: string; at: number }[] = [];
  seen: string[] = [];
  initializeCalls = 0;
  destroyCalls = 0;
  /** The next N initialize() calls throw. */
  failInitialize = 0;
  /** What a failing initialize() throws; default: Puppeteer's launch failure. */
  initializeError: Error | undefined;
  /** Emit `ready` after each successful initialize(). */
  autoReady = true;
  stored = new Map<string, WaMessage>();
  pupBrowser: FakeBrowser | null = null;

  async initialize(): Promise<void> {
    this.initializeCalls += 1;
    if (this.failInitialize > 0) {
      this.failInitialize -= 1;
      throw (
        this.initializeError ??
        new Error('Failed to launch the browser process!\n/usr/bin/chromium: bad things\n    at launch (x.js:1:1)')
      );
    }
    this.pupBrowser = new FakeBrowser();
    if (this.autoReady) setImmediate(() => this.emit('ready'));
  }

  async destroy(): Promise<void> {
    this.destroyCalls += 1;
  }

  async sendMessage(chatId: string, content: string): Promise<unknown> {
    this.sent.push({ chatId, text: content, at: Date.now() });
    return {};
  }

  async sendSeen(chatId: string): Promise<unknown> {
    this.seen.push(chatId);
    return true;
  }

  async getMessageById(messageId: string): Promise<WaMessage | null> {
    return this.stored.get(messageId) ?? null;
  }
}

let seq = 0;

export const PHONE_CHAT = '6281234567890@c.us';

/** A message as whatsapp-web.js builds it (src/structures/Message.js `_patch`). */
export function waMessage(over: Partial<WaMessage> & { shortId?: string } = {}): WaMessage {
  const from = over.from ?? PHONE_CHAT;
  seq += 1;
  const shortId = over.shortId ?? `3EB0TEST${seq.toString().padStart(6, '0')}`;
  const { shortId: _ignored, ...rest } = over;
  return {
    id: { _serialized: `false_${from}_${shortId}`, id: shortId, fromMe: false, remote: from },
    from,
    fromMe: false,
    type: 'chat',
    body: '',
    hasMedia: false,
    timestamp: 1_760_000_000,
    isStatus: false,
    broadcast: false,
    location: undefined,
    _data: {},
    downloadMedia: async () => undefined,
    ...rest,
  };
}

export function mediaOf(data: string, mimetype: string, filename?: string): () => Promise<WaMedia> {
  return async () => ({ data: Buffer.from(data).toString('base64'), mimetype, filename: filename ?? null });
}

/** A logger that keeps every line, so tests can check what was (not) logged. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

/** Polls until `check` passes or the time is up (then throws its last error). */
export async function waitFor(check: () => void, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() - start > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

export function describeIncoming(m: IncomingMessage): string {
  const parts: string[] = [];
  if (m.text !== undefined) parts.push(`text:${m.text}`);
  if (m.media) parts.push(`media:${m.media.kind}`);
  if (m.location) parts.push(`loc:${m.location.latitude},${m.location.longitude}`);
  return parts.join(' ');
}
