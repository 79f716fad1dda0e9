import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWhatsAppChannel } from '../../../src/channels/whatsapp/whatsapp-channel.js';
import { CHROMIUM_ARGS, checkBrowser, createWwebClient } from '../../../src/channels/whatsapp/wweb-client.js';
import { ChannelError } from '../../../src/errors.js';
import { captureLogger } from './fake-wweb.js';

const dir = mkdtempSync(join(tmpdir(), 'wa-wweb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function channelWithBrowser(executablePath: string, dataDir = join(dir, 'data')) {
  return createWhatsAppChannel({
    config: {
      WHATSAPP_DATA_DIR: dataDir,
      PUPPETEER_EXECUTABLE_PATH: executablePath,
      WHATSAPP_PAIRING_PHONE: undefined,
      WHATSAPP_RESTART_HOURS: 0,
      WHATSAPP_SEND_PER_MINUTE: 40,
    },
    handler: { handle: async () => ({ replies: [], duplicate: false }) },
    logger: captureLogger().logger,
  });
}

async function startError(executablePath: string, dataDir?: string): Promise<Error> {
  const channel = channelWithBrowser(executablePath, dataDir);
  const err = await channel.start().then(
    () => new Error('start() should have failed'),
    (e: Error) => e,
  );
  expect(channel.health().state).toBe('failed');
  expect(channel.health().detail).toBe(err.message);
  await channel.stop();
  return err;
}

describe('WhatsApp browser checks (real whatsapp-web.js client factory)', () => {
  it('fails start() with one clear line when the browser is missing', async () => {
    const err = await startError('/nonexistent/chromium');
    expect(err).toBeInstanceOf(ChannelError);
    expect(err.message).toBe(
      "WhatsApp: browser not found at /nonexistent/chromium; install Debian's chromium or set PUPPETEER_EXECUTABLE_PATH",
    );
    expect(err.message).not.toContain('\n');
    expect(err.message).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('fails with one line when the browser path is not executable', async () => {
    const file = join(dir, 'chromium-not-executable');
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o644);
    const err = await startError(file);
    // root may execute any file with an x bit only; a 0644 file is refused for everyone.
    expect(err.message).toBe(
      `WhatsApp: browser at ${file} is not executable; install Debian's chromium or set PUPPETEER_EXECUTABLE_PATH`,
    );
  });

  it('fails with one line when the session folder cannot be created', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    const err = await startError(process.execPath, join(blocker, 'data'));
    expect(err.message).toBe(
      `WhatsApp: cannot write the session folder ${join(blocker, 'data')} (ENOTDIR); set WHATSAPP_DATA_DIR to a writable folder`,
    );
  });

  it('accepts an executable and builds a client with LocalAuth, the browser path and the root-safe flags', () => {
    expect(checkBrowser(process.execPath)).toEqual({ ok: true });
    const dataDir = join(dir, 'session-data');
    const client = createWwebClient({ dataDir, executablePath: process.execPath, pairingPhone: '6281200000000' });
    const { options } = client as unknown as {
      options: {
        puppeteer: { executablePath: string; headless: boolean; args: string[] };
        authStrategy: { constructor: { name: string }; dataPath: string };
        pairWithPhoneNumber: { phoneNumber: string };
        webVersionCache: { type: string; path: string };
      };
    };
    expect(options.puppeteer.executablePath).toBe(process.execPath);
    expect(options.puppeteer.headless).toBe(true);
    expect(options.puppeteer.args).toEqual(expect.arrayContaining(['--no-sandbox', '--disable-setuid-sandbox']));
    expect(options.puppeteer.args).toEqual([...CHROMIUM_ARGS]);
    expect(options.authStrategy.constructor.name).toBe('LocalAuth');
    expect(options.authStrategy.dataPath).toBe(resolve(dataDir));
    expect(options.pairWithPhoneNumber.phoneNumber).toBe('6281200000000');
    expect(options.webVersionCache).toEqual({ type: 'local', path: join(dataDir, 'web-cache') });
  });

  it('pins the WhatsApp Web version: fetched strictly from the configured archive URL', () => {
    const client = createWwebClient({
      dataDir: join(dir, 'pinned'),
      executablePath: process.execPath,
      webVersion: { version: '2.3000.1023204200', url: 'https://archive.example/{version}.html' },
    });
    const { options } = client as unknown as { options: { webVersion: string; webVersionCache: unknown } };
    expect(options.webVersion).toBe('2.3000.1023204200');
    expect(options.webVersionCache).toEqual({
      type: 'remote',
      remotePath: 'https://archive.example/{version}.html',
      strict: true,
    });
  });

  it('a real browser launch that fails leaves the channel reconnecting instead of failing start()', async () => {
    const fake = join(dir, 'chromium-that-dies');
    writeFileSync(fake, '#!/bin/sh\necho "cannot open display" >&2\nexit 1\n');
    chmodSync(fake, 0o755);
    const { logger, lines } = captureLogger();
    const channel = createWhatsAppChannel({
      config: {
        WHATSAPP_DATA_DIR: join(dir, 'dying'),
        PUPPETEER_EXECUTABLE_PATH: fake,
        WHATSAPP_PAIRING_PHONE: undefined,
        WHATSAPP_RESTART_HOURS: 0,
        WHATSAPP_SEND_PER_MINUTE: 40,
      },
      handler: { handle: async () => ({ replies: [], duplicate: false }) },
      logger,
      tuning: { reconnectInitialMs: 60_000 },
    });
    await channel.start();
    expect(channel.health().state).toBe('reconnecting');
    expect(lines.join('')).toContain('WhatsApp: could not start (the browser did not start');
    await channel.stop();
    expect(channel.health().state).toBe('stopped');
  }, 20_000);
});
