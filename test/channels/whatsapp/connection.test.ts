import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { QR_FILE_NAME } from '../../../src/channels/whatsapp/login-output.js';
import { createWhatsAppChannel, type WhatsAppChannel } from '../../../src/channels/whatsapp/whatsapp-channel.js';
import { ChannelError } from '../../../src/errors.js';
import { captureLogger, FakeClient, PHONE_CHAT, waitFor, waMessage } from './fake-wweb.js';

const dataDir = mkdtempSync(join(tmpdir(), 'wa-conn-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const channels: WhatsAppChannel[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of channels.splice(0)) await c.stop();
});

function build(options: { client?: FakeClient; pairingPhone?: string; restartHours?: number } = {}) {
  const client = options.client ?? new FakeClient();
  const { logger, lines } = captureLogger();
  const output: string[] = [];
  const channel = createWhatsAppChannel({
    config: {
      WHATSAPP_DATA_DIR: dataDir,
      PUPPETEER_EXECUTABLE_PATH: '/usr/bin/chromium',
      WHATSAPP_PAIRING_PHONE: options.pairingPhone,
      WHATSAPP_RESTART_HOURS: options.restartHours ?? 0,
      WHATSAPP_SEND_PER_MINUTE: 600,
    },
    handler: { handle: async () => ({ replies: [{ text: 'ok' }], duplicate: false }) },
    logger,
    createClient: () => client,
    output: { write: (s: string) => output.push(s) },
    tuning: { reconnectInitialMs: 5, reconnectMaxMs: 20, perChatIntervalMs: 5, readyTimeoutMs: 200 },
  });
  channels.push(channel);
  return { channel, client, lines, output };
}

describe('WhatsApp connection', () => {
  it('reports starting until ready, and logs authenticated and ready', async () => {
    const client = new FakeClient();
    client.autoReady = false;
    const { channel, lines } = build({ client });
    await channel.start();
    expect(channel.health()).toMatchObject({ channel: 'whatsapp', state: 'starting' });
    client.emit('authenticated');
    client.emit('ready');
    expect(channel.health().state).toBe('ready');
    const logs = lines.join('');
    expect(logs).toContain('WhatsApp: authenticated');
    expect(logs).toContain('WhatsApp: ready');
  });

  it('shows the QR in the terminal output and as a PNG, and removes the PNG once linked', async () => {
    const client = new FakeClient();
    client.autoReady = false;
    const { channel, output } = build({ client });
    await channel.start();
    client.emit('qr', '2@abcdef,ghijkl,mnopqr,stuvwx');
    const png = join(dataDir, QR_FILE_NAME);
    await waitFor(() => expect(existsSync(png)).toBe(true));
    expect(output.join('')).toContain('WhatsApp login QR');
    expect(output.join('')).toMatch(/[▀▄█]/);
    expect(channel.health().detail).toContain('scan the QR code');
    client.emit('authenticated');
    await waitFor(() => expect(existsSync(png)).toBe(false));
  });

  it('prints a pairing code for the operator without logging the code or the phone number', async () => {
    const client = new FakeClient();
    client.autoReady = false;
    const { channel, output, lines } = build({ client, pairingPhone: '6281299998888' });
    await channel.start();
    client.emit('code', 'ABCD-EFGH');
    expect(output.join('')).toContain('WhatsApp pairing code: ABCD-EFGH');
    const logs = lines.join('');
    expect(logs).toContain('pairing code issued');
    expect(logs).not.toContain('ABCD-EFGH');
    expect(logs).not.toContain('6281299998888');
  });

  it('reconnects with backoff (destroy + initialize) after a disconnect, also when attempts fail', async () => {
    const { channel, client, lines } = build();
    await channel.start();
    await waitFor(() => expect(channel.health().state).toBe('ready'));
    client.failInitialize = 2;
    client.emit('disconnected', 'CONFLICT');
    expect(channel.health()).toMatchObject({ state: 'reconnecting', detail: 'disconnected: CONFLICT' });
    await waitFor(() => expect(channel.health().state).toBe('ready'));
    expect(client.initializeCalls).toBe(4);
    expect(client.destroyCalls).toBeGreaterThanOrEqual(3);
    const logs = lines.join('');
    expect(logs).toContain('"reason":"CONFLICT"');
    expect(logs).toContain('reconnect attempt failed');
    // Retries are warnings (repeats within 30 s are counted into one line by the logger).
    const retries = lines
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .filter((l) => l.msg.startsWith('WhatsApp: reconnecting'));
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(retries.every((l) => l.level === 40)).toBe(true);
  });

  it('holds a reply during a reconnect and delivers it once ready', async () => {
    const client = new FakeClient();
    const { channel } = build({ client });
    await channel.start();
    await waitFor(() => expect(channel.health().state).toBe('ready'));
    client.autoReady = false;
    client.emit('disconnected', 'TIMEOUT_X');
    client.emit('message', waMessage({ body: 'halo' }));
    await new Promise((r) => setTimeout(r, 60));
    expect(client.sent).toHaveLength(0);
    client.emit('ready');
    await waitFor(() => expect(client.sent.map((s) => s.chatId)).toEqual([PHONE_CHAT]));
  });

  it('restarts when the browser dies without a disconnected event', async () => {
    const { channel, client } = build();
    await channel.start();
    await waitFor(() => expect(channel.health().state).toBe('ready'));
    client.pupBrowser?.emit('disconnected');
    await waitFor(() => expect(client.initializeCalls).toBe(2));
    await waitFor(() => expect(channel.health().state).toBe('ready'));
  });

  it.each([
    ['LOGOUT', 'link it again'],
    ['TOS_BLOCK', 'blocked this number'],
    ['UNPAIRED', 'link the phone again'],
  ])('stops only this channel on %s, says so in health and logs, and refuses to send', async (reason, hint) => {
    const { channel, client, lines } = build();
    await channel.start();
    await waitFor(() => expect(channel.health().state).toBe('ready'));
    client.emit('message', waMessage({ body: 'x', from: '6281111111111@c.us' }));
    await waitFor(() => expect(client.sent).toHaveLength(1));
    client.emit('disconnected', reason);
    await waitFor(() => expect(client.destroyCalls).toBe(1));
    expect(channel.health().state).toBe('failed');
    expect(channel.health().detail).toContain(reason);
    expect(channel.health().detail).toContain(hint);
    expect(lines.join('')).toContain(`WhatsApp channel stopped (${reason})`);
    await new Promise((r) => setTimeout(r, 50));
    expect(client.initializeCalls).toBe(1);
    await expect(channel.send('6281111111111@c.us', [{ text: 'y' }])).rejects.toBeInstanceOf(ChannelError);
    await channel.stop();
    expect(channel.health().state).toBe('failed');
  });

  it('a browser that cannot start: start() resolves, the channel reconnects with backoff and says the browser failed', async () => {
    const client = new FakeClient();
    client.failInitialize = 2;
    const { channel, lines } = build({ client });
    await channel.start();
    expect(channel.health().state).toBe('reconnecting');
    expect(channel.health().detail).toContain('the browser did not start');
    const logs = lines.join('');
    expect(logs).toContain('WhatsApp: could not start (the browser did not start');
    expect(logs).toContain('the other channels keep running');
    await waitFor(() => expect(channel.health().state).toBe('ready'));
    expect(client.initializeCalls).toBe(3);
  });

  it('an unreachable WhatsApp Web is reported as a network failure, not a browser failure', async () => {
    const client = new FakeClient();
    client.failInitialize = 1;
    client.initializeError = new Error(
      'net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/\n    at navigate (x.js:1:1)',
    );
    const { channel, lines } = build({ client });
    await channel.start();
    expect(channel.health().state).toBe('reconnecting');
    const logs = lines.join('');
    expect(logs).toContain('WhatsApp Web could not be reached');
    expect(logs).not.toContain('the browser did not start');
    await waitFor(() => expect(channel.health().state).toBe('ready'));
  });

  it('a missing browser (a configuration error) still fails start() with one line', async () => {
    const { logger } = captureLogger();
    const channel = createWhatsAppChannel({
      config: {
        WHATSAPP_DATA_DIR: dataDir,
        PUPPETEER_EXECUTABLE_PATH: join(dataDir, 'no-such-chromium'),
        WHATSAPP_PAIRING_PHONE: undefined,
        WHATSAPP_RESTART_HOURS: 0,
        WHATSAPP_SEND_PER_MINUTE: 600,
      },
      handler: { handle: async () => ({ replies: [], duplicate: false }) },
      logger,
    });
    channels.push(channel);
    const err = await channel.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ChannelError);
    expect((err as Error).message).toContain('browser not found at');
    expect(channel.health().state).toBe('failed');
  });

  it('restarts the browser on schedule', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { channel, client, lines } = build({ restartHours: 6 });
    await channel.start();
    await waitFor(() => expect(channel.health().state).toBe('ready'));
    vi.advanceTimersByTime(6 * 3_600_000);
    await waitFor(() => expect(client.initializeCalls).toBe(2));
    await waitFor(() => expect(channel.health().state).toBe('ready'));
    expect(client.destroyCalls).toBe(1);
    expect(lines.join('')).toContain('scheduled browser restart');
  });

  it('stops cleanly', async () => {
    const { channel, client } = build();
    await channel.start();
    await waitFor(() => expect(channel.health().state).toBe('ready'));
    await channel.stop();
    expect(channel.health().state).toBe('stopped');
    expect(client.destroyCalls).toBe(1);
    client.emit('disconnected', 'CONFLICT');
    await new Promise((r) => setTimeout(r, 30));
    expect(client.initializeCalls).toBe(1);
  });
});
