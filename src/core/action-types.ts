/**
 * The contract between flows and the named actions they call. The engine returns
 * `{ type: 'action', name, params }`; the dialogue service runs the handler registered under
 * that name and feeds the `ActionResult` back to the engine.
 */
import type { Channel, IncomingMessage } from './messages.js';

export type { Language } from './vocabulary.js';

import type { Language } from './vocabulary.js';

export interface SayItem {
  /** i18n key, `<namespace>.<path>`. */
  key: string;
  params?: Record<string, string | number>;
  /** Append to the previous message instead of sending a new one (an answer and its footer). */
  append?: boolean;
  /** Params shown to the user once and never stored (the PIN): see `OutgoingMessage.conceal`. */
  conceal?: string[];
}

export interface ActionResult {
  /** Branch label for the flow, e.g. 'found' | 'ambiguous' | 'none' | 'ok' | 'error' | 'unavailable'. */
  outcome: string;
  /** JSON-serialisable value stored in the action node's `slot`. */
  value?: unknown;
  /** Texts to send now, before the flow goes on. */
  say?: SayItem[];
  /** Delete the session after this step instead of saving it ("hapus data saya"). */
  forget?: boolean;
  /**
   * The action's effect already happened outside the session (a complaint queued or spooled):
   * if the session then cannot be saved, the user still gets these replies (their ticket), with
   * an honest note, instead of a bare "try again".
   */
  committed?: boolean;
}

export interface ActionContext {
  channel: Channel;
  userId: string;
  lang: Language;
  /** The action node's params with `{{slot}}` placeholders already filled in. */
  params: Record<string, unknown>;
  /** A read-only copy of the session slots. */
  slots: Readonly<Record<string, unknown>>;
  /** The message being handled (for media references, message id). */
  message: IncomingMessage;
  /** Epoch ms, from the service clock. */
  now: number;
}

export type ActionHandler = (ctx: ActionContext) => Promise<ActionResult>;

export type ActionRegistry = Record<string, ActionHandler>;
