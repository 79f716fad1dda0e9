/**
 * Imports the compiled adapter under plain Node, outside vitest: vitest resolves the named
 * imports of the CommonJS whatsapp-web.js package where Node ESM does not (gotcha 7), so only
 * this test catches that trap.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const outDir = mkdtempSync(join(tmpdir(), 'wa-build-'));

beforeAll(async () => {
  // Only this folder and what it imports, so other modules being edited do not break the build.
  writeFileSync(
    join(outDir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: { noEmit: false, outDir: join(outDir, 'dist'), rootDir: join(root, 'src'), sourceMap: false },
      include: [join(root, 'src/channels/whatsapp/**/*.ts')],
    }),
  );
  writeFileSync(join(outDir, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(join(root, 'node_modules'), join(outDir, 'node_modules'), 'dir');
  await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(outDir, 'tsconfig.json')], {
    cwd: root,
  });
}, 180_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function runNode(script: string): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['--input-type=module', '-e', script], { cwd: outDir, timeout: 60_000 });
}

describe('the built WhatsApp adapter under plain Node', () => {
  const modulePath = () => join(outDir, 'dist/channels/whatsapp/whatsapp-channel.js');

  it('imports and constructs with the real whatsapp-web.js package', async () => {
    const { stdout } = await runNode(`
      const m = await import(${JSON.stringify(modulePath())});
      const { pino } = await import('pino');
      const channel = m.createWhatsAppChannel({
        config: { WHATSAPP_DATA_DIR: 'unused', PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium',
                  WHATSAPP_RESTART_HOURS: 0, WHATSAPP_SEND_PER_MINUTE: 40 },
        handler: { handle: async () => ({ replies: [], duplicate: false }) },
        logger: pino({ level: 'silent' }),
      });
      console.log(JSON.stringify({ type: typeof m.createWhatsAppChannel, channel: channel.channel, health: channel.health() }));
    `);
    expect(JSON.parse(stdout)).toEqual({
      type: 'function',
      channel: 'whatsapp',
      health: { channel: 'whatsapp', state: 'stopped' },
    });
  });

  it('fails start() with a fake browser path with one clear line', async () => {
    const { stdout } = await runNode(`
      const m = await import(${JSON.stringify(modulePath())});
      const { pino } = await import('pino');
      const channel = m.createWhatsAppChannel({
        config: { WHATSAPP_DATA_DIR: 'unused', PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium',
                  WHATSAPP_RESTART_HOURS: 0, WHATSAPP_SEND_PER_MINUTE: 40 },
        handler: { handle: async () => ({ replies: [], duplicate: false }) },
        logger: pino({ level: 'silent' }),
      });
      try { await channel.start(); console.log('started?!'); }
      catch (err) { console.log(JSON.stringify({ name: err.name, message: err.message })); }
    `);
    expect(JSON.parse(stdout)).toEqual({
      name: 'ChannelError',
      message:
        "WhatsApp: browser not found at /nonexistent/chromium; install Debian's chromium or set PUPPETEER_EXECUTABLE_PATH",
    });
  });
});
