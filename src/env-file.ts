/**
 * Where the environment comes from before `parseConfig` reads it, for every entry point
 * (`npm start`, the worker, the supervisors' commands):
 * - `.env` in the working directory, when present, parsed by Node's own loader
 *   (`util.parseEnv`, the parser of `node --env-file`). Variables already set in the real
 *   environment win, as with `--env-file`, so a container's or a test's settings are never
 *   overridden by a file lying around. `ENV_FILE` names another file; `ENV_FILE=` (empty)
 *   turns the file off.
 * - `NAME_FILE` for secrets (Docker and Kubernetes secrets are files): the file's content,
 *   without the final line break, becomes `NAME`. Setting both is a mistake and is refused.
 * It fills the given environment object and reports what it did; it never logs a value.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** Variables that may be given as `<NAME>_FILE` (secrets, and URLs that may carry a password). */
export const FILE_VARIABLES = [
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'PSEUDONYM_SECRET',
  'CASE_FILE_SECRET',
  'COMPLAINT_WEBHOOK_SECRET',
  'CODE_WORD',
  'REDIS_URL',
  'REDIS_PASSWORD',
  'WHATSAPP_CLOUD_TOKEN',
  'WHATSAPP_CLOUD_APP_SECRET',
  'WHATSAPP_CLOUD_VERIFY_TOKEN',
  'METRICS_TOKEN',
] as const;

export interface EnvironmentReport {
  /** The env file that was read, or null. */
  envFile: string | null;
  /** Names set from the env file (values never reported). */
  fromEnvFile: string[];
  /** Names set from `<NAME>_FILE`. */
  fromSecretFiles: string[];
  /** One line per problem, naming the variable; the caller stops like on a bad configuration. */
  problems: string[];
}

export interface LoadOptions {
  cwd?: string;
  readFile?: (path: string) => string;
  exists?: (path: string) => boolean;
}

export function loadEnvironment(
  env: Record<string, string | undefined> = process.env,
  opts: LoadOptions = {},
): EnvironmentReport {
  const cwd = opts.cwd ?? process.cwd();
  const readFile = opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const exists = opts.exists ?? existsSync;
  const report: EnvironmentReport = { envFile: null, fromEnvFile: [], fromSecretFiles: [], problems: [] };

  const named = env.ENV_FILE;
  const file = named === undefined ? resolve(cwd, '.env') : named.trim() === '' ? null : resolve(cwd, named);
  if (file && (named !== undefined || exists(file))) {
    try {
      const parsed = parseEnv(readFile(file));
      report.envFile = file;
      for (const [name, value] of Object.entries(parsed)) {
        if (env[name] !== undefined) continue;
        env[name] = value;
        report.fromEnvFile.push(name);
      }
    } catch (err) {
      report.problems.push(`ENV_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }

  report.fromEnvFile.sort();
  for (const name of FILE_VARIABLES) {
    const path = env[`${name}_FILE`]?.trim();
    if (!path) continue;
    if (env[name] !== undefined && env[name] !== '') {
      report.problems.push(`${name}_FILE: set either ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      env[name] = readFile(resolve(cwd, path)).replace(/\r?\n$/, '');
      report.fromSecretFiles.push(name);
    } catch (err) {
      report.problems.push(`${name}_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return report;
}
