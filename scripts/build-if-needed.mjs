#!/usr/bin/env node
/**
 * Pre-hook of `npm start` and of every command-line script: compiles src/ into dist/ when the
 * sources changed since the last build, so `npm ci && npm start` works from a fresh clone and
 * the commands run the same compiled JavaScript as the Docker image. Inside the image there is
 * no src/ and nothing to do.
 *
 *   node scripts/build-if-needed.mjs           build only when src/ changed
 *   node scripts/build-if-needed.mjs --force   always build (`npm run build`)
 *   node scripts/build-if-needed.mjs --out DIR build into DIR instead of dist/ (the tests of the
 *                                              production build), always, without the lock
 *
 * The build goes to a temporary folder that then replaces dist/, so no stale module of a
 * deleted source survives, and a lock folder keeps two commands started together from
 * building at the same time. Everything goes to stderr: stdout belongs to the command
 * (the scripted chat writes JSON lines there).
 *
 * After tsc (which also type-checks), esbuild bundles its output: every `node dist/….js` of
 * package.json's scripts is an entry point, and code they share goes to dist/chunks/. Loading
 * a few big files instead of some 600 modules (src/ and node_modules/) was most of start-up's
 * time: see bundle() for what stays a separate package.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(root, 'src');
const DIST = join(root, 'dist');
const LOCK = join(root, 'dist.lock');
const STAMP = join(DIST, '.build-fingerprint');
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'].map((f) => join(root, f));
/** A lock older than this was left by a build that died. */
const STALE_LOCK_MS = 10 * 60_000;

const say = (line) => process.stderr.write(`build: ${line}\n`);

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Path, size and modification time of every input: cheap, and it notices deleted files too. */
function fingerprint() {
  const hash = createHash('sha256');
  for (const file of [...sourceFiles(SRC).sort(), ...INPUTS.filter(existsSync)]) {
    const s = statSync(file);
    hash.update(`${relative(root, file)}\0${s.size}\0${Math.trunc(s.mtimeMs)}\n`);
  }
  return hash.digest('hex');
}

const built = () => (existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : null);

function tscPath() {
  try {
    return createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return null;
  }
}

/** The compiled files package.json's scripts run (`node dist/main.js chat` -> main.js). */
function entryPoints(dir) {
  let scripts = {};
  try {
    scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
  } catch {
    return [];
  }
  const files = new Set();
  for (const command of Object.values(scripts)) {
    for (const m of String(command).matchAll(/\bnode (dist\/\S+\.js)\b/g)) files.add(m[1].slice('dist/'.length));
  }
  return [...files].filter((f) => existsSync(join(dir, f))).sort();
}

/**
 * Packages left out of the bundle and imported from node_modules at run time: the ones only
 * loaded when needed (WhatsApp and its browser, the case file's PDF, the digest's chart), and
 * those that find files next to their own code (pino starts its transports in a worker
 * thread by file name; pdfkit reads its fonts; resvg and msgpackr-extract load native addons).
 */
const EXTERNAL = [
  'pino',
  'pino-pretty',
  'whatsapp-web.js',
  'puppeteer',
  'puppeteer-core',
  'qrcode',
  'qrcode-terminal',
  'pdfkit',
  'vega',
  '@resvg/resvg-js',
  'msgpackr-extract',
];

/**
 * Bundles tsc's output in `from` into `to`: one file per entry point, shared code in chunks/,
 * a lazy `import()` of our own code becomes a chunk loaded when it runs. CommonJS packages
 * inside an ES module need `require` (for Node's own modules) and `__dirname`, given by the
 * banner. Returns false when esbuild is not installed (tsc's output is then used as it is).
 */
async function bundle(from, to, entries) {
  let esbuild;
  try {
    esbuild = await import(createRequire(join(root, 'package.json')).resolve('esbuild'));
  } catch {
    say('esbuild is not installed: dist/ is left unbundled (slower start)');
    return false;
  }
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: entries.map((f) => join(from, f)),
    outdir: to,
    outbase: from,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    alias: { 'whatwg-url': './scripts/whatwg-url-shim.cjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // Names survive the bundle's renaming: node-fetch (under grammy) only accepts a signal whose
    // class is named AbortSignal, and errors are told apart by their class names.
    keepNames: true,
    // tsc's source maps are followed, so the bundle's map points into src/.
    sourcemap: 'linked',
    sourcesContent: false,
    banner: {
      js: [
        "import { createRequire as __bundleRequire } from 'node:module';",
        "import { dirname as __bundleDirname } from 'node:path';",
        "import { fileURLToPath as __bundlePath } from 'node:url';",
        'const require = __bundleRequire(import.meta.url);',
        'const __filename = __bundlePath(import.meta.url);',
        'const __dirname = __bundleDirname(__filename);',
      ].join(' '),
    },
    logLevel: 'warning',
  });
  asciiOnly(to);
  return true;
}

/**
 * Escapes the non-ASCII characters esbuild leaves in the comments it keeps (a "—" or "→" in a
 * package's JSDoc). V8 keeps every module's source in memory, and one such character makes it
 * store the whole file two bytes a character: some 5 MB of the idle process for a few dashes.
 * `\uXXXX` means the same character wherever else one could stand (strings, regular expressions,
 * identifiers), so the code is unchanged.
 */
function asciiOnly(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) asciiOnly(path);
    else if (entry.name.endsWith('.js')) {
      const text = readFileSync(path, 'utf8');
      const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      if (ascii !== text) writeFileSync(path, ascii);
    }
  }
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function acquireLock() {
  const deadline = Date.now() + STALE_LOCK_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      return true;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let age = 0;
      try {
        age = Date.now() - statSync(LOCK).mtimeMs;
      } catch {
        continue;
      }
      if (age > STALE_LOCK_MS) {
        rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) return false;
      sleep(200);
    }
  }
}

async function build(want, dist) {
  const tsc = tscPath();
  if (!tsc) {
    if (existsSync(join(dist, 'main.js'))) {
      say('src/ changed but TypeScript is not installed (production install?); running the existing dist/');
      return 0;
    }
    say('dist/ is missing and TypeScript is not installed: run `npm ci` (with dev dependencies) first');
    return 1;
  }
  const tmp = `${dist}.tmp-${process.pid}`;
  const old = `${dist}.old-${process.pid}`;
  const started = Date.now();
  say('compiling src/ to dist/ ...');
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', tmp], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  if (run.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    say('compilation failed (see above); dist/ was not changed');
    return 1;
  }
  let out = tmp;
  const entries = entryPoints(tmp);
  if (entries.length > 0) {
    const bundled = `${dist}.tmp-${process.pid}-bundle`;
    try {
      if (await bundle(tmp, bundled, entries)) out = bundled;
    } catch (err) {
      rmSync(bundled, { recursive: true, force: true });
      rmSync(tmp, { recursive: true, force: true });
      say(`bundling failed (${err.message ?? err}); dist/ was not changed`);
      return 1;
    }
    if (out !== tmp) rmSync(tmp, { recursive: true, force: true });
  }
  writeFileSync(join(out, '.build-fingerprint'), `${want}\n`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(out, dist);
  rmSync(old, { recursive: true, force: true });
  say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

async function main() {
  if (!existsSync(SRC)) return 0;
  const outAt = process.argv.indexOf('--out');
  if (outAt >= 0) {
    const out = process.argv[outAt + 1];
    if (!out) {
      say('--out needs a folder');
      return 2;
    }
    return await build(fingerprint(), resolve(out));
  }
  const force = process.argv.includes('--force');
  if (!force && built() === fingerprint()) return 0;
  if (!acquireLock()) {
    say(`another build holds ${relative(root, LOCK)} for too long; remove it if no build is running`);
    return 1;
  }
  try {
    // Another command may have built while this one waited for the lock.
    const want = fingerprint();
    if (!force && built() === want) return 0;
    return await build(want, DIST);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

process.exitCode = await main();
