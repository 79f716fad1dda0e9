/** Error-level lines (pino level >= 50) the child processes logged, as short descriptions. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function errorLogLines(logDir: string): string[] {
  const out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(logDir).filter((n) => n.endsWith('.log'));
  } catch {
    return out;
  }
  for (const name of names) {
    for (const line of readFileSync(join(logDir, name), 'utf8').split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { type?: string; message?: string } };
        if ((entry.level ?? 0) >= 50) {
          out.push(
            `${name}: ${entry.msg ?? ''} ${entry.err?.type ?? ''} ${entry.err?.message?.slice(0, 120) ?? ''}`.trim(),
          );
        }
      } catch {
        // Not a log line (a stack trace printed by Node, for instance): the exit check reports crashes.
      }
    }
  }
  return out;
}
