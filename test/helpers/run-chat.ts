/** Runs the real bot as `npm run --silent chat -- --script FILE` in a child process. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ChatLine {
  in: string;
  out: { text: string; choices?: string[] }[];
  flow: string | null;
  node: string | null;
  mode: 'bot' | 'waiting' | 'human';
  intent: string | null;
}

export interface ChatRun {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: ChatLine[];
}

export async function runChat(
  messages: string[],
  opts: { user?: string; reset?: boolean; env?: Record<string, string>; raw?: string } = {},
): Promise<ChatRun> {
  const dir = mkdtempSync(join(tmpdir(), 'pmi-chat-'));
  const file = join(dir, 'script.txt');
  writeFileSync(file, opts.raw ?? `${messages.join('\n')}\n`);
  const args = ['tsx', 'src/main.ts', 'chat', '--script', file];
  if (opts.user) args.push('--user', opts.user);
  if (opts.reset) args.push('--reset');
  const child = spawn('npx', args, {
    env: { ...process.env, SPOOL_DIR: join(dir, 'spool'), HTTP_ENABLED: 'false', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  rmSync(dir, { recursive: true, force: true });
  const lines = stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ChatLine);
  return { code, stdout, stderr, lines };
}
