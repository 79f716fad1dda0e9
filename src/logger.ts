/**
 * pino logger. JSON in production, readable in a terminal. Never log message text, phone
 * numbers or names: log ids (hashed user id), decisions and counts.
 *
 * Three layers keep personal data out even when a caller slips:
 * - `redact` censors fields that hold it wherever they commonly sit (`text`, `slots`, ...);
 * - the `err` serializer keeps an error's class, code and a scrubbed message and stack, and
 *   drops every other property (ioredis errors carry the command arguments, zod errors the
 *   input, BullMQ errors the job data);
 * - string arguments (the message and printf values) are scrubbed of long digit runs
 *   (phone numbers, chat ids) and e-mail addresses.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { type DestinationStream, type Logger, type LoggerOptions as PinoOptions, pino } from 'pino';
import { createRepeatFilter, type RepeatFilterOptions } from './log-repeats.js';

export type { Logger };

export interface LoggerOptions {
  level: string;
  format?: 'json' | 'pretty';
  /** Where to write; default stderr so stdout stays clean for scripted chat output. */
  destination?: DestinationStream;
  /** Repeated identical warnings and errors: one line per window with a count (default 30 s); false: off. */
  repeats?: RepeatFilterOptions | false;
}

/** Fields that hold what users wrote or who they are. */
const PERSONAL_FIELDS = [
  'text',
  'body',
  'caption',
  'phone',
  'phoneNumber',
  'phone_number',
  'name',
  'firstName',
  'lastName',
  'first_name',
  'last_name',
  'username',
  'description',
  'contact',
  'employerName',
  'agencyName',
  'safeTime',
  'query',
  'answer',
  'slots',
  'userId',
  'chatId',
  'pin',
  'pinHash',
  'reporter',
];

/** Keys whose values must never appear in logs, at the top level and one level down. */
export const REDACTED_PATHS = [
  ...PERSONAL_FIELDS,
  ...PERSONAL_FIELDS.map((f) => `*.${f}`),
  'session.slots',
  'message.text',
  'msg.text',
  'job.data',
  'data.description',
  'complaint.description',
  'complaint.contact',
  'headers.authorization',
  'headers["x-telegram-bot-api-secret-token"]',
  'req.headers.authorization',
  'req.headers["x-telegram-bot-api-secret-token"]',
];

// Six or more digits, possibly split by spaces, dots or dashes, optionally with a leading +:
// phone numbers, Telegram chat ids, WhatsApp ids. ISO dates (2026-11-29) are matched first
// and kept, so they stay readable.
const DIGIT_RUN = /(\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?)|\+?\d(?:[\s.-]?\d){5,}/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/** Replaces phone-number-like digit runs and e-mail addresses. */
export function scrubText(value: string): string {
  return value.replace(EMAIL, '[email]').replace(DIGIT_RUN, (_match, date?: string) => date ?? '[number]');
}

interface SafeError {
  type: string;
  message: string;
  code?: string | number;
  stack?: string;
  cause?: SafeError | string;
}

/** The `err` serializer: class, code, scrubbed message and stack; nothing else. */
export function serializeError(err: unknown, depth = 0): SafeError | string {
  if (!(err instanceof Error)) return typeof err === 'string' ? scrubText(err) : typeof err;
  const out: SafeError = { type: err.name || err.constructor?.name || 'Error', message: scrubText(err.message) };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (err.stack) out.stack = scrubText(err.stack);
  if (err.cause !== undefined && depth < 3) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

/** What makes two log lines "the same failure": the error's class, code and scrubbed message. */
function errorKey(first: unknown): string {
  if (!first || typeof first !== 'object') return '';
  const err = (first as { err?: unknown }).err;
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return `${err.name}|${typeof code === 'string' || typeof code === 'number' ? code : ''}|${scrubText(err.message)}`;
  }
  return typeof err === 'string' ? scrubText(err) : '';
}

export function createLogger(options: LoggerOptions): Logger {
  const format = options.format ?? (process.stderr.isTTY ? 'pretty' : 'json');
  const repeats = options.repeats === false ? null : createRepeatFilter(options.repeats ?? {});
  const base: PinoOptions = {
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
    hooks: {
      logMethod(args, method, level) {
        for (let i = 0; i < args.length; i++) {
          const a = args[i];
          if (typeof a === 'string') (args as unknown[])[i] = scrubText(a);
          // pino would copy an error's raw message into `msg`; route it through the serializer.
          else if (a instanceof Error) (args as unknown[])[i] = i === 0 ? { err: a } : scrubText(a.message);
        }
        // With `{ err }` and no message pino copies the raw error message into `msg`.
        const first = args[0] as unknown;
        if (
          first &&
          typeof first === 'object' &&
          (first as { err?: unknown }).err instanceof Error &&
          typeof args[1] !== 'string'
        ) {
          (args as unknown[]).splice(1, 0, scrubText((first as { err: Error }).err.message));
        }
        if (repeats) {
          const message = typeof args[0] === 'string' ? args[0] : typeof args[1] === 'string' ? args[1] : '';
          const key = `${level}|${message}|${errorKey(first)}`;
          const write = (fields: object, text: string) => method.apply(this, [fields, text] as never);
          const admitted = repeats.admit(level, key, message, (s) =>
            write(
              { repeated: s.count, windowSeconds: Math.round(s.windowMs / 1000) },
              `${s.message} (repeated ${s.count} more times in ${Math.round(s.windowMs / 1000)} s)`,
            ),
          );
          if (!admitted) return;
        }
        return method.apply(this, args);
      },
    },
  };
  if (options.destination) return pino(base, options.destination);
  if (format === 'pretty' && prettyAvailable()) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, translateTime: 'SYS:HH:MM:ss' } },
    });
  }
  return pino(base, pino.destination({ dest: 2, sync: false }));
}

/** pino-pretty is a dev dependency: a production image without it logs JSON instead of crashing. */
function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** A stable pseudonymous id for logs: the same user always hashes the same, and cannot be reversed. */
export function hashUserId(channel: string, userId: string, secret = ''): string {
  return createHash('sha256').update(`${secret}|${channel}|${userId}`).digest('base64url').slice(0, 12);
}
