/**
 * The pre-hook of `npm start` and the commands, on a tiny project of its own (the real build
 * takes a while): builds when needed and only then, replaces dist/ as a whole, and does
 * nothing where there is no src/ (the Docker image).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

mkdirSync('var', { recursive: true });
const dir = mkdtempSync(join(resolve('var'), 'build-hook-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function project(): string {
  const root = mkdtempSync(join(dir, 'p-'));
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  mkdirSync(join(root, 'scripts'));
  cpSync('scripts/build-if-needed.mjs', join(root, 'scripts', 'build-if-needed.mjs'));
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, types: [] } }),
  );
  writeFileSync(
    join(root, 'tsconfig.build.json'),
    JSON.stringify({
      extends: './tsconfig.json',
      compilerOptions: { outDir: 'dist', rootDir: 'src' },
      include: ['src'],
    }),
  );
  writeFileSync(join(root, 'src', 'main.ts'), 'export const a: number = 1;\n');
  writeFileSync(join(root, 'src', 'cli', 'old.ts'), 'export const b = 2;\n');
  return root;
}

const hook = (root: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'scripts', 'build-if-needed.mjs'), ...args], { cwd: root, encoding: 'utf8' });

describe('scripts/build-if-needed.mjs', () => {
  it('builds a fresh clone, then only when a source changed, replacing dist/ as a whole', () => {
    const root = project();
    const first = hook(root);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toMatch(/compiling src\/ to dist\//);
    expect(existsSync(join(root, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(root, 'dist', 'cli', 'old.js'))).toBe(true);

    const again = hook(root);
    expect(again.status).toBe(0);
    expect(again.stderr).toBe('');

    // A deleted source leaves no stale module behind; a changed one is rebuilt.
    rmSync(join(root, 'src', 'cli', 'old.ts'));
    writeFileSync(join(root, 'src', 'main.ts'), 'export const a: number = 2;\n');
    utimesSync(join(root, 'src', 'main.ts'), new Date(), new Date(Date.now() + 5000));
    const changed = hook(root);
    expect(changed.stderr).toMatch(/compiling/);
    expect(existsSync(join(root, 'dist', 'cli', 'old.js'))).toBe(false);
    expect(existsSync(join(root, 'dist.lock'))).toBe(false);
  }, 60_000);

  it('keeps dist/ and fails when the sources do not compile', () => {
    const root = project();
    expect(hook(root).status).toBe(0);
    writeFileSync(join(root, 'src', 'main.ts'), 'export const a: number = "not a number";\n');
    const broken = hook(root);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/compilation failed .*dist\/ was not changed/);
    expect(existsSync(join(root, 'dist', 'main.js'))).toBe(true);
  }, 60_000);

  it('does nothing where there is no src/ (the image runs the compiled dist/)', () => {
    const root = project();
    rmSync(join(root, 'src'), { recursive: true });
    const run = hook(root, '--force');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(existsSync(join(root, 'dist'))).toBe(false);
  });
});
