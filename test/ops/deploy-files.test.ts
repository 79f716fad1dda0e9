/**
 * The deployment files, checked without Docker (it cannot build here): docker-compose.yml
 * parses and keeps its safe defaults, every command it, the Dockerfile and package.json run
 * exists in the build, and what the Dockerfile copies exists in the repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from '../../src/config.js';

interface Service {
  image?: string;
  build?: string | { context: string; target?: string };
  command?: string | string[];
  environment?: Record<string, string>;
  env_file?: string | string[];
  ports?: string[];
  volumes?: string[];
  restart?: string;
  profiles?: string[];
}
const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, Service> };
const dockerfile = readFileSync('Dockerfile', 'utf8');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };

/** `node dist/x/y.js` must come from `src/x/y.ts`; `npm run s` must be a script. */
function checkCommand(words: string[], where: string): void {
  const [cmd, ...rest] = words;
  if (cmd === 'node') {
    const file = rest.find((w) => w.startsWith('dist/'));
    expect(file, `${where}: ${words.join(' ')}`).toBeDefined();
    const source = String(file)
      .replace(/^dist\//, 'src/')
      .replace(/\.js$/, '.ts');
    expect(existsSync(source), `${where}: ${source} (compiled to ${file})`).toBe(true);
  } else if (cmd === 'npm') {
    const name = rest.filter((w) => !w.startsWith('-'))[1] ?? rest[0];
    expect(pkg.scripts[String(name)], `${where}: npm script ${name}`).toBeDefined();
  }
}

describe('docker-compose.yml', () => {
  it('runs Redis with a password, AOF and noeviction, and checks it with the password', () => {
    const redis = compose.services.redis as Service;
    const command = ([] as string[]).concat(redis.command ?? []).join(' ');
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
    expect(command).toMatch(/--requirepass "\$\$REDIS_PASSWORD"/);
    expect(redis.environment?.REDIS_PASSWORD).toMatch(/^\$\{REDIS_PASSWORD:\?/);
    expect(JSON.stringify(redis)).toMatch(/REDISCLI_AUTH/);
    expect(redis.ports).toBeUndefined();
  });

  it('publishes the bot on this machine only; only the TLS proxy faces the network', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const port of service.ports ?? []) {
        if (name === 'proxy') expect(port).toMatch(/^(80|443):(80|443)$/);
        else expect(port, `${name} publishes ${port}`).toMatch(/^127\.0\.0\.1:/);
      }
    }
    expect(compose.services.proxy?.profiles).toEqual(['proxy']);
    expect(existsSync('deploy/Caddyfile')).toBe(true);
    expect(readFileSync('deploy/Caddyfile', 'utf8')).toMatch(/@private path \/metrics \/healthz/);
  });

  it('runs only commands that exist in the build, with variables the configuration knows', () => {
    const targets = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)/gm)].map((m) => m[1]);
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.command && name !== 'redis') {
        checkCommand(([] as string[]).concat(service.command), `compose ${name}`);
      }
      const build = service.build;
      if (build && typeof build === 'object' && build.target) expect(targets).toContain(build.target);
      if (service.env_file) {
        for (const key of Object.keys(service.environment ?? {})) {
          expect(Object.keys(configSchema.shape), `compose ${name}: ${key}`).toContain(key);
        }
      }
    }
    expect(compose.services.worker?.build).toMatchObject({ target: 'slim' });
  });

  it('parses with docker compose, where it is installed', () => {
    const probe = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
    if (probe.status !== 0) return; // Only a client without the compose plugin here; the YAML checks above still ran.
    const run = spawnSync('docker', ['compose', 'config', '--quiet'], {
      encoding: 'utf8',
      env: { ...process.env, REDIS_PASSWORD: 'x' },
    });
    expect(run.status, run.stderr).toBe(0);
  });
});

describe('Dockerfile', () => {
  it('builds a slim stage without a browser and a default stage with Debian chromium', () => {
    const instructions = dockerfile.replace(/^#.*\n/gm, '');
    const stages = instructions.split(/^FROM /m).slice(1);
    const names = stages.map((s) => /^\S+ AS (\S+)/.exec(s)?.[1]);
    expect(names).toEqual(['build', 'slim', 'full']);
    const [, slim, full] = stages;
    expect(slim).not.toMatch(/chromium/);
    expect(slim).toMatch(/fonts-dejavu-core/);
    expect(full).toMatch(/^slim AS full/);
    expect(full).toMatch(/apt-get install .*chromium/);
    expect(dockerfile).toMatch(/PUPPETEER_SKIP_DOWNLOAD=true/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
  });

  it('runs a compiled entry point and copies only what exists', () => {
    const cmd = /^CMD \[(.*)\]$/m.exec(dockerfile)?.[1];
    checkCommand(JSON.parse(`[${cmd}]`) as string[], 'Dockerfile CMD');
    for (const m of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const path of String(m[1]).split(/\s+/)) expect(existsSync(path), `COPY ${path}`).toBe(true);
    }
    expect(readFileSync('.dockerignore', 'utf8')).not.toMatch(/^scripts$/m);
  });
});

describe('package.json scripts', () => {
  it('run the compiled build, each behind the build-if-needed pre-hook', () => {
    expect(pkg.scripts.start).toBe('node dist/main.js');
    expect(pkg.scripts.dev).toMatch(/^tsx watch /);
    for (const [name, script] of Object.entries(pkg.scripts)) {
      if (!script.startsWith('node dist/')) continue;
      checkCommand(script.split(' '), `npm run ${name}`);
      expect(pkg.scripts[`pre${name}`], `pre${name}`).toBe('node scripts/build-if-needed.mjs');
    }
    for (const cli of ['chat', 'worker', 'cases', 'agencies:import', 'report', 'faq:unanswered', 'flows:check']) {
      expect(pkg.scripts[cli], cli).toMatch(/^node dist\//);
    }
    for (const script of Object.values(pkg.scripts)) expect(script).not.toMatch(/^tsx src\//);
  });
});
