/**
 * pino logger. JSON in production, readable in a terminal. Never log message text, phone
 * numbers or names: log ids (hashed user id), decisions and counts.
 */
import { createHash } from 'node:crypto';
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level: string;
  format?: 'json' | 'pretty';
  /** Where to write; default stderr so stdout stays clean for scripted chat output. */
  destination?: DestinationStream;
}

/** Keys whose values must never appear in logs, wherever they sit in a log object. */
export const REDACTED_PATHS = [
  'text',
  '*.text',
  'phone',
  '*.phone',
  'name',
  '*.name',
  'description',
  '*.description',
  'contact',
  '*.contact',
  'userId',
  '*.userId',
  'chatId',
  '*.chatId',
];

export function createLogger(options: LoggerOptions): Logger {
  const format = options.format ?? (process.stderr.isTTY ? 'pretty' : 'json');
  const base = { level: options.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (options.destination) return pino(base, options.destination);
  if (format === 'pretty') {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, translateTime: 'SYS:HH:MM:ss' } },
    });
  }
  return pino(base, pino.destination({ dest: 2, sync: false }));
}

/** A stable pseudonymous id for logs: the same user always hashes the same, and cannot be reversed. */
export function hashUserId(channel: string, userId: string, secret = ''): string {
  return createHash('sha256').update(`${secret}|${channel}|${userId}`).digest('base64url').slice(0, 12);
}
