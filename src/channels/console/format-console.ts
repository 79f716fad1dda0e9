/** How bot messages look in a terminal: text, then numbered choices. */
import type { OutgoingMessage } from '../../core/messages.js';

export function formatForConsole(message: OutgoingMessage): string {
  const choices = message.choices?.map((c, i) => `  ${i + 1}. ${c.label}`).join('\n');
  return choices ? `${message.text}\n${choices}` : message.text;
}
