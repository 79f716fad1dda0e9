/** Inputs, outputs and dependencies of the pure `step` function. */
import type { ActionResult } from '../dialogue/action-types.js';
import type { IncomingMessage, OutgoingMessage } from '../messages.js';
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
  /** Hand the conversation to hotline staff (mode is already `waiting` in the new session). */
  | { type: 'handover'; reason: string; urgent: boolean; emergency: boolean; country?: string }
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
  /** Emergency contact keys for a country (or none) and subtype. */
  emergencyContacts: (country: string | undefined, suicide: boolean) => string[];
  /**
   * How well the safe-migration answers cover a text (pure, in-memory search). When the intent
   * is unclear but an answer fits, the bot answers instead of asking to rephrase.
   */
  faqBand?: (text: string) => 'high' | 'middle' | 'low';
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
}

export interface StepResult {
  session: Session;
  replies: OutgoingMessage[];
  effects: Effect[];
  /** Intent recognised for this input, or null when it was read as a form answer. */
  intent: string | null;
}

export type { FlowSet };
