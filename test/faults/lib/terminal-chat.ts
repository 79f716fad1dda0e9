/** The real terminal chat (`src/main.ts chat --script`) as a child process, for scenario 3. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPLAINT_LINES, ticketsInText } from './complaint-chat.js';
import type { Kit } from './scenario-kit.js';

/** `npm run chat -- --script` through the complaint, SIGKILLed the moment the ticket line is printed. */
export async function killChatAtTicket(k: Kit, user: string): Promise<{ ticket: string | null; lines: number }> {
  const file = join(k.dir, `${user}.txt`);
  writeFileSync(file, `${COMPLAINT_LINES.join('\n')}\n`);
  const child = spawn('node', ['--import', 'tsx', 'src/main.ts', 'chat', '--script', file, '--user', user, '--reset'], {
    env: { ...process.env, ...k.env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let buffer = '';
  let lines = 0;
  let ticket: string | null = null;
  const exited = new Promise((r) => child.once('exit', r));
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      lines += 1;
      const found = ticketsInText(line)[0];
      if (found && !ticket) {
        ticket = found;
        child.kill('SIGKILL');
      }
    }
  });
  await exited;
  return { ticket, lines };
}

/** One message through a fresh terminal chat process (same user, session kept); the reply texts. */
export async function chatOnce(k: Kit, user: string, text: string): Promise<string[] | null> {
  const file = join(k.dir, `${user}-once.txt`);
  writeFileSync(file, `${text}\n`);
  const child = spawn('node', ['--import', 'tsx', 'src/main.ts', 'chat', '--script', file, '--user', user], {
    env: { ...process.env, ...k.env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  await new Promise((r) => child.once('exit', r));
  try {
    const line = JSON.parse(out.split('\n')[0] ?? '') as { out: { text: string }[] };
    return line.out.map((o) => o.text);
  } catch {
    return null;
  }
}
