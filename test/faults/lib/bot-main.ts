/**
 * The bot as `npm start` runs it (`src/main.ts`, no IPC), for scenarios about how the process
 * itself ends: its exit code is what a supervisor (systemd, Docker, Kubernetes) acts on.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BotMain {
  readonly name: string;
  /** Exit code (or the signal's name) once the process ended; null while it runs. */
  readonly exit: string | number | null;
  exited: Promise<string | number>;
  /** SIGTERM, as an operator or supervisor stops it; resolves when it has exited. */
  stop(): Promise<void>;
}

export function startBotMain(name: string, env: Record<string, string>, logDir: string): BotMain {
  mkdirSync(logDir, { recursive: true });
  // Emptied now, not when the stream opens: a scenario reading this log must not see a previous run's lines.
  const file = join(logDir, `${name}.log`);
  writeFileSync(file, '');
  const log = createWriteStream(file, { flags: 'a' });
  const child = spawn('node', ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exit: string | number | null = null;
  const exited = new Promise<string | number>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = code ?? signal ?? 'unknown';
      resolve(exit);
    }),
  );
  return {
    name,
    get exit() {
      return exit;
    },
    exited,
    async stop() {
      if (exit !== null) return;
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(forced);
    },
  };
}
