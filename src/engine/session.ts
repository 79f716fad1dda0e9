/**
 * The saved conversation. Versioned from day one (`v`), parsed with zod on every load; an
 * older version is migrated as it is parsed, anything unparseable is a corrupt session that
 * the dialogue service resets with an apology.
 */
import { z } from 'zod';
import { type Language, languageSchema } from '../core/vocabulary.js';

export const modeSchema = z.enum(['bot', 'waiting', 'human']);
export type Mode = z.infer<typeof modeSchema>;

export { type Language, languageSchema } from '../core/vocabulary.js';

const sessionV1 = z.object({
  v: z.literal(1),
  lang: languageSchema,
  mode: modeSchema,
  flowId: z.string().nullable(),
  flowVersion: z.number().int().nullable(),
  node: z.string().nullable(),
  /** What the conversation waits for at `node`. */
  awaiting: z.enum(['answer', 'action']).nullable(),
  retries: z.number().int().min(0),
  slots: z.record(z.string(), z.unknown()),
  /** Consecutive messages the bot did not understand (the fallback ladder). */
  misunderstood: z.number().int().min(0),
  lastIntent: z.string().nullable(),
  lastOutcome: z.string().nullable(),
  handover: z
    .object({
      reason: z.string(),
      urgent: z.boolean(),
      since: z.number(),
      contactsShown: z.boolean(),
      /** The urgent category staff triage by, and suicidal talk flagged for them. */
      category: z.string().optional(),
      suicide: z.boolean().optional(),
      /** When the user was last told about the wait (acknowledgement or reminder). */
      noticeAt: z.number().optional(),
    })
    .nullable(),
  /**
   * What the last destination answer was about, so follow-ups keep it: "kalau di hongkong?"
   * keeps the topic, "terus biayanya?" keeps the country.
   */
  context: z
    .object({
      country: z.string().optional(),
      topic: z.string().optional(),
      job: z.string().optional(),
      at: z.number(),
    })
    .optional(),
  /** The question asked last: its token binds taps to it (see question-token.ts). */
  question: z.object({ token: z.string(), at: z.number() }).optional(),
  /** When an emergency was last escalated with no staff console to take it (the numbers were given instead). */
  alertAt: z.number().optional(),
  prefs: z.object({
    quiet: z.boolean(),
    /** False once the user chose a language: then the bot no longer follows the language they write in. */
    langAuto: z.boolean().default(true),
  }),
  createdAt: z.number(),
  updatedAt: z.number(),
});

export const sessionSchema = z.discriminatedUnion('v', [sessionV1]);
export type Session = z.infer<typeof sessionV1>;

export function newSession(lang: Language, now: number): Session {
  return {
    v: 1,
    lang,
    mode: 'bot',
    flowId: null,
    flowVersion: null,
    node: null,
    awaiting: null,
    retries: 0,
    slots: {},
    misunderstood: 0,
    lastIntent: null,
    lastOutcome: null,
    handover: null,
    prefs: { quiet: false, langAuto: true },
    createdAt: now,
    updatedAt: now,
  };
}

export type ParsedSession = { ok: true; session: Session } | { ok: false; problem: string };

/** Parses stored JSON; never throws. */
export function parseSession(raw: string): ParsedSession {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const result = sessionSchema.safeParse(data);
  if (!result.success) {
    return { ok: false, problem: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  return { ok: true, session: result.data };
}
