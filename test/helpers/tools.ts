/**
 * External programs some tests need (promtool, Debian's chromium). Where one is missing the
 * test is skipped with its name in the output, unless REQUIRE_TOOLS lists it: .ci/run
 * installs them and sets REQUIRE_TOOLS, so in CI a missing tool fails instead of skipping.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function hasProgram(path: string): boolean {
  if (path.startsWith('/')) return existsSync(path);
  return spawnSync('sh', ['-c', `command -v ${path}`], { encoding: 'utf8' }).status === 0;
}

/** True when the test should run; throws when the tool is required (CI) and missing. */
export function tool(name: string, path = name): boolean {
  if (hasProgram(path)) return true;
  const required = (process.env.REQUIRE_TOOLS ?? '').split(',').map((s) => s.trim());
  if (required.includes(name)) throw new Error(`${name} is required (REQUIRE_TOOLS) but ${path} is missing`);
  return false;
}

export const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';
