/**
 * Scripted conversations (contract): one user message per line of a file; empty lines and
 * lines starting with `#` are skipped; one JSON object per input line on stdout, nothing else.
 */
import { readFileSync } from 'node:fs';
import type { MessageHandler } from '../../core/messages.js';

export interface ScriptLine {
  in: string;
  out: { text: string; choices?: string[] }[];
  flow: string | null;
  node: string | null;
  mode: 'bot' | 'waiting' | 'human';
  intent: string | null;
}

export function readScript(file: string): string[] {
  const raw = readFileSync(file, 'utf8');
  return raw.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
}

export async function runScript(opts: {
  lines: string[];
  userId: string;
  handler: MessageHandler;
  write: (line: string) => void;
  now?: () => number;
}): Promise<void> {
  const now = opts.now ?? Date.now;
  const runId = now().toString(36);
  for (const [i, text] of opts.lines.entries()) {
    const result = await opts.handler.handle({
      channel: 'console',
      userId: opts.userId,
      messageId: `script-${runId}-${i}`,
      text,
      receivedAt: now(),
    });
    const line: ScriptLine = {
      in: text,
      out: result.replies.map((r) =>
        r.choices?.length ? { text: r.text, choices: r.choices.map((c) => c.label) } : { text: r.text },
      ),
      flow: result.state?.flow ?? null,
      node: result.state?.node ?? null,
      mode: result.state?.mode ?? 'bot',
      intent: result.state?.intent ?? null,
    };
    opts.write(`${JSON.stringify(line)}\n`);
  }
}
