/**
 * The only module that imports whatsapp-web.js (and through it Puppeteer). The package is
 * CommonJS with its constants spread into `module.exports`, so under plain Node ESM only the
 * default import is safe (named imports pass under vitest and crash in production).
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import wweb from 'whatsapp-web.js';
import { ChannelError } from '../../errors.js';
import type { WaClient, WaClientOptions } from './wa-types.js';

const { Client, LocalAuth } = wweb;

/**
 * Flags for a headless Chromium in a container: the sandbox flags are required when running
 * as root (wwebjs #848); the rest cut background traffic and memory a bot never needs.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-sync',
  '--disable-breakpad',
  '--metrics-recording-only',
  '--mute-audio',
] as const;

/** Checks before launching, so a missing browser is one clear line instead of a Puppeteer stack. */
export function checkBrowser(executablePath: string): { ok: true } | { ok: false; problem: string } {
  const hint = "install Debian's chromium or set PUPPETEER_EXECUTABLE_PATH";
  try {
    if (!statSync(executablePath).isFile()) {
      return { ok: false, problem: `WhatsApp: browser path ${executablePath} is not a file; ${hint}` };
    }
  } catch {
    return { ok: false, problem: `WhatsApp: browser not found at ${executablePath}; ${hint}` };
  }
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    return { ok: false, problem: `WhatsApp: browser at ${executablePath} is not executable; ${hint}` };
  }
  return { ok: true };
}

function ensureDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ChannelError(
      'whatsapp',
      `WhatsApp: cannot write the session folder ${dataDir} (${code}); set WHATSAPP_DATA_DIR to a writable folder`,
    );
  }
}

/** The default client factory: a real whatsapp-web.js client with LocalAuth and the system Chromium. */
export function createWwebClient(options: WaClientOptions): WaClient {
  const browser = checkBrowser(options.executablePath);
  if (!browser.ok) throw new ChannelError('whatsapp', browser.problem);
  ensureDataDir(options.dataDir);
  const client = new Client({
    authStrategy: new LocalAuth({ dataPath: options.dataDir }),
    puppeteer: { headless: true, executablePath: options.executablePath, args: [...CHROMIUM_ARGS] },
    ...webVersionOptions(options),
    ...(options.pairingPhone
      ? { pairWithPhoneNumber: { phoneNumber: options.pairingPhone, showNotification: true } }
      : {}),
  });
  return client;
}

/**
 * A pinned version is fetched from the archive and nothing else (strict: a missing version is
 * an error in the log, not a silent fall-back to the build that broke). Unpinned, the page is
 * cached locally; the default cache folder is ./.wwebjs_cache in the working directory, which
 * is read-only in Docker.
 */
export function webVersionOptions(options: WaClientOptions): Record<string, unknown> {
  if (options.webVersion) {
    return {
      webVersion: options.webVersion.version,
      webVersionCache: { type: 'remote', remotePath: options.webVersion.url, strict: true },
    };
  }
  return { webVersionCache: { type: 'local', path: join(options.dataDir, 'web-cache') } };
}
