/** Inputs, outputs and dependencies of the pure `step` function. */
import type { ActionResult } from '../core/action-types.js';
import type { IncomingMessage, OutgoingMessage } from '../core/messages.js';
import type { NluResult } from '../nlu/nlu-types.js';
import type { FlowSet } from './flow-schema.js';
import type { Language, Session } from './session.js';

export type StepInput =
  | { type: 'message'; message: IncomingMessage }
  | { type: 'actionResult'; result: ActionResult }
  /** Staff closed the handover: the bot is back. */
  | { type: 'handoverClosed' };

export type Effect =
  /** Run a named action; its result must come back as the next `actionResult` input. */
  | { type: 'action'; name: string; params: Record<string, unknown> }
  /**
   * Hand the conversation to hotline staff (mode is already `waiting` in the new session, or
   * still `bot` when no staff console is configured). `category` is the urgent category staff
   * triage by; `suicide` flags suicidal talk; `media` says a voice note or photo started it.
   */
  | {
      type: 'handover';
      reason: string;
      urgent: boolean;
      emergency: boolean;
      country?: string;
      category?: string;
      suicide?: boolean;
      media?: string;
    }
  /** A message to pass to staff while `waiting`/`human`. */
  | { type: 'relay'; message: IncomingMessage; urgent: boolean }
  /** A question the bot could not answer, with names and numbers scrubbed, for the content team. */
  | { type: 'unanswered'; text: string; lang: Language };

export interface StepDeps {
  /** Epoch ms. */
  now: number;
  /** Renders an i18n key in a language. */
  t: (lang: Language, key: string, params?: Record<string, string | number>) => string;
  /** Understanding of free text (pure). */
  classify: (text: string) => NluResult;
  normalize: (text: string) => string;
  matchCountry: (text: string) => string | null;
  /** The emergency lines that fit (destination numbers, mission, mental health, 24-hour lines), rendered. */
  emergencyContacts: (
    lang: Language,
    request: { country?: string | undefined; suicide: boolean; scope?: 'all' | 'destination' },
  ) => string[];
  /** Whether hotline staff are on duty now, the usual wait, and when they are next on duty. */
  hotline?: (lang: Language) => { open: boolean; waitMinutes: number; opensAt: string; hours: string };
  /**
   * How well the safe-migration answers cover a text (pure, in-memory search). When the intent
   * is unclear but an answer fits, the bot answers instead of asking to rephrase.
   */
  faqBand?: (text: string, topic?: string) => 'high' | 'middle' | 'low';
  /**
   * One of the yes/no phrases of a rule fits the question: of the named destination's rules, or
   * without a country of Indonesia's own (which then need no country).
   */
  ruleAsked?: (text: string, country?: string) => boolean;
  settings: EngineSettings;
}

export interface EngineSettings {
  /** An unfinished form older than this is dropped politely. */
  formTimeoutMs: number;
  /** Longest text accepted; longer input is refused with a clear message. */
  maxMessageLength: number;
  /** A discreet word that escalates as urgent without an alarming reply. */
  codeWord?: string;
  /** Minimum confidence to act on an intent. */
  actThreshold: number;
  /** Flow and node of the main menu. */
  menuFlow: string;
  /** False when no staff console is configured: escalations give phone numbers instead of waiting. */
  staffConsole?: boolean;
  /** While waiting for staff, at most one reminder per this many ms (default 5 minutes). */
  waitingNoticeMs?: number;
}

export interface StepResult {
  session: Session;
  replies: OutgoingMessage[];
  effects: Effect[];
  /** Intent recognised for this input, or null when it was read as a form answer. */
  intent: string | null;
}

export type { FlowSet };
