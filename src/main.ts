/**
 * The composition root: the only module that reads the environment and wires the parts.
 *   npm start            bot + worker with the configured channels; with none configured, the
 *                        terminal chat on a terminal, else (a container, a service) it waits
 *                        for a channel to be configured, reporting itself unhealthy
 *   npm run chat [-- --script FILE] [--user ID] [--reset] [--http]
 *   npm run worker       the complaint worker alone (src/cli/complaint-worker.ts)
 * Environment: `.env` when present and `<NAME>_FILE` secrets (src/env-file.ts), then src/config.ts.
 */

import { runInteractive } from './channels/console/run-interactive.js';
import { readScript, runScript } from './channels/console/run-script.js';
import { parseChatArgs } from './cli/parse-chat-args.js';
import { composeBot } from './compose-bot.js';
import { type Config, parseConfig } from './config.js';
import { loadEnvironment } from './env-file.js';
import { ChannelError, ConfigError, FlowValidationError, LocaleError } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { configWarnings } from './ops/production-warnings.js';
import { checkRedis, readRedisWarnings, StartupError } from './startup-checks.js';

async function main(argv: string[]): Promise<number> {
  const command = argv[0] === 'chat' ? 'chat' : 'serve';
  const environment = loadEnvironment(process.env);
  if (environment.problems.length > 0) {
    for (const p of environment.problems) process.stderr.write(`config: ${p}\n`);
    return 2;
  }
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) process.stderr.write(`config: ${p}\n`);
      return 2;
    }
    throw err;
  }
  const chatArgs = command === 'chat' ? parseChatArgs(argv.slice(1)) : null;
  if (chatArgs && !chatArgs.ok) {
    process.stderr.write(`chat: ${chatArgs.problem}\n`);
    return 2;
  }
  const scripted = Boolean(chatArgs?.ok && chatArgs.args.script);
  const noChannel = !config.TELEGRAM_BOT_TOKEN && !config.WHATSAPP_ENABLED && !config.WHATSAPP_CLOUD_TOKEN;
  // Without a channel a person at a terminal gets the chat. A service (a container, systemd)
  // has no terminal: ending there would be restarted for ever, so it waits for a channel.
  const consoleMode = command === 'chat' || (noChannel && Boolean(process.stdin.isTTY));
  const idle = !consoleMode && noChannel;
  // The terminal chat shares the terminal with the logs (and scripted chat keeps stdout for its
  // JSON lines): warnings and errors only, unless LOG_LEVEL asks for more.
  const logger = createLogger({
    level: consoleMode && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL,
    format: config.LOG_FORMAT,
  });
  let lines: string[] = [];
  if (scripted && chatArgs?.ok && chatArgs.args.script) {
    try {
      lines = readScript(chatArgs.args.script);
    } catch (err) {
      process.stderr.write(
        `chat: cannot read script ${chatArgs.args.script}: ${(err as NodeJS.ErrnoException).code ?? 'error'}\n`,
      );
      return 2;
    }
  }
  await checkRedis(config);
  if (!consoleMode) {
    for (const w of [...configWarnings(config), ...(await readRedisWarnings(config))]) {
      logger.warn({ setting: w.setting }, w.message);
    }
  }

  const bot = await composeBot({
    config,
    logger,
    consoleOutput: consoleMode && !scripted ? process.stdout : null,
    // The terminal chat binds no port unless asked (`--http`): a second chat, or a bot
    // already running, would otherwise make it fail on a taken port.
    http: config.HTTP_ENABLED && (!consoleMode || (chatArgs?.ok === true && chatArgs.args.http)),
    withChannels: !consoleMode,
    noChannelProblem: idle
      ? 'no channel configured (TELEGRAM_BOT_TOKEN, WHATSAPP_CLOUD_TOKEN or WHATSAPP_ENABLED)'
      : undefined,
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    timer.unref();
    await bot.close();
    clearTimeout(timer);
  };
  process.once('SIGTERM', () => void stop('SIGTERM').then(() => process.exit(0)));
  process.once('SIGINT', () => void stop('SIGINT').then(() => process.exit(0)));

  try {
    await bot.start();
  } catch (err) {
    // Stopped while a channel was still connecting: the signal handler finishes and exits.
    if (stopping) return await new Promise<number>(() => undefined);
    // A channel that cannot start (browser missing, bad token) is a configuration problem: one line.
    await bot.close().catch(() => undefined);
    if (err instanceof ChannelError) throw new StartupError(err.message);
    if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      throw new StartupError(
        `HTTP_PORT ${config.HTTP_PORT} on ${config.HTTP_HOST} is already in use (another bot running?); set HTTP_PORT, or HTTP_ENABLED=false`,
      );
    }
    throw err;
  }
  if (consoleMode) {
    const userId = chatArgs?.ok ? chatArgs.args.user : 'console-user';
    if (chatArgs?.ok && chatArgs.args.reset) await bot.resetConversation('console', userId);
    if (scripted) {
      await runScript({ lines, userId, handler: bot.handler, write: (l) => process.stdout.write(l) });
      await bot.settle();
    } else {
      await runInteractive({ userId, handler: bot.handler, input: process.stdin, output: process.stdout });
    }
    await stop('end of input');
    return 0;
  }
  if (idle) {
    logger.error(
      'no channel configured: set TELEGRAM_BOT_TOKEN, WHATSAPP_CLOUD_TOKEN or WHATSAPP_ENABLED=true (npm run chat opens the terminal chat); /healthz reports unhealthy until then',
    );
  }
  logger.info('Sahabat PMI is running');
  return await new Promise<number>(() => undefined);
}

function reportFatal(err: unknown, logger?: Logger): number {
  if (err instanceof StartupError) process.stderr.write(`${err.message}\n`);
  else if (err instanceof FlowValidationError || err instanceof LocaleError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    if (logger) logger.fatal({ err }, 'fatal error');
    process.stderr.write(`fatal: ${(err as Error)?.message ?? String(err)}\n`);
  }
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => process.exit(reportFatal(err)),
);
