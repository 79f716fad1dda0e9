/**
 * Quiet mode: a worker whose phone is read by others can switch off every message the bot
 * would send on its own (complaint status updates, reminders, "the bot is back" notices).
 * Every sender of such a message asks the gate first. Replies to the user's own messages and
 * staff replies in a handover the user asked for are not unsolicited and do not ask.
 */
import type { Conversation, DialogueService } from '../dialogue/dialogue-service.js';

export interface QuietGateOptions {
  /**
   * When there is no session (expired or deleted): send (`allow`, the default, so status
   * updates still reach users who never asked for quiet) or not. When Redis cannot be read
   * the gate always says no: a late status update is better than one seen by the wrong person.
   */
  whenUnknown?: 'allow' | 'deny';
}

/** Returns a check: true when the bot may send an unsolicited message to this conversation. */
export function createQuietGate(
  dialogue: Pick<DialogueService, 'peek'>,
  options: QuietGateOptions = {},
): (conv: Conversation) => Promise<boolean> {
  const unknown = (options.whenUnknown ?? 'allow') === 'allow';
  return async (conv) => {
    try {
      const session = await dialogue.peek(conv);
      return session ? !session.prefs.quiet : unknown;
    } catch {
      return false;
    }
  };
}
