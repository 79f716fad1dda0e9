/**
 * The import directions of docs/architecture.md: the kernel imports nothing of ours outside
 * itself; the NLU and the engine import only the kernel, themselves (and the engine the NLU's
 * result types). A change that imports upward fails here, not in review.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** `src/...` paths a file imports (relative imports only: packages are not rooms). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1] as string);
  return specs.map((s) => normalize(join(dirname(file), s)).replace(/\.js$/, '.ts'));
}

function upward(room: string, allowed: (target: string) => boolean): string[] {
  return filesUnder(room).flatMap((file) =>
    importsOf(file)
      .filter((target) => !allowed(target))
      .map((target) => `${relative('.', file)} imports ${relative('.', target)}`),
  );
}

const inRoom = (target: string, ...rooms: string[]) => rooms.some((r) => target.startsWith(`${r}/`));

describe('import directions', () => {
  it('the kernel (src/core) imports nothing outside itself', () => {
    expect(upward('src/core', (t) => inRoom(t, 'src/core'))).toEqual([]);
  });

  it('the NLU imports only the kernel and itself', () => {
    expect(upward('src/nlu', (t) => inRoom(t, 'src/core', 'src/nlu'))).toEqual([]);
  });

  it("the engine imports only the kernel, itself and the NLU's result types", () => {
    expect(upward('src/engine', (t) => inRoom(t, 'src/core', 'src/engine') || t === 'src/nlu/nlu-types.ts')).toEqual(
      [],
    );
  });

  it('finds an upward import when there is one', () => {
    // The check itself: the composition root imports features, so it is not a leaf room.
    expect(upward('src', (t) => inRoom(t, 'src/core')).length).toBeGreaterThan(0);
  });
});
