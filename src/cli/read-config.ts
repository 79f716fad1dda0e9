/**
 * The first step of every command: the environment (`.env`, `<NAME>_FILE` secrets; see
 * src/env-file.ts), then the configuration. A problem ends the command (exit code 2 unless the command documents another) with
 * one line per problem, as `npm start` does.
 */
import { type Config, parseConfig } from '../config.js';
import { loadEnvironment } from '../env-file.js';
import { ConfigError } from '../errors.js';

export function readConfigOrExit(command: string, exitCode = 2, env: NodeJS.ProcessEnv = process.env): Config {
  const loaded = loadEnvironment(env);
  const problems = [...loaded.problems];
  if (problems.length === 0) {
    try {
      return parseConfig(env);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  for (const p of problems) process.stderr.write(`${command}: config: ${p}\n`);
  process.exit(exitCode);
}
