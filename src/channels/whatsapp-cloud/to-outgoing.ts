/**
 * `OutgoingMessage`s -> Cloud API message bodies (without `to`), within the documented
 * limits: text bodies 4096 characters, interactive bodies 1024; reply buttons (at most 3,
 * titles 20, ids 256) when every label fits, else a list (at most 10 rows, titles 24,
 * descriptions 72, ids 200, button text 20), else numbered text, which the engine reads as
 * well (the number or the words).
 */

import { choiceData } from '../../core/choice-data.js';
import type { Choice, OutgoingMessage } from '../../core/messages.js';
import { renderMessage, splitText } from '../whatsapp/format-outgoing.js';

export const LIMITS = {
  text: 4096,
  interactiveBody: 1024,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  rows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  listButton: 20,
} as const;

export type CloudBody =
  | { type: 'text'; text: { body: string; preview_url: false } }
  | {
      type: 'interactive';
      interactive:
        | {
            type: 'button';
            body: { text: string };
            action: { buttons: { type: 'reply'; reply: { id: string; title: string } }[] };
          }
        | {
            type: 'list';
            body: { text: string };
            action: { button: string; sections: { rows: { id: string; title: string; description?: string }[] }[] };
          };
    }
  | {
      type: 'template';
      template: {
        name: string;
        language: { code: string };
        components: { type: 'body'; parameters: { type: 'text'; text: string }[] }[];
      };
    };

/** The list's open button, in the conversation's words when the caller knows them. */
export interface OutgoingOptions {
  listButton?: string;
}

const DEFAULT_LIST_BUTTON = 'Pilih';

export function toCloudBodies(messages: OutgoingMessage[], options: OutgoingOptions = {}): CloudBody[] {
  return messages.flatMap((m) => bodiesOf(m, options));
}

function bodiesOf(message: OutgoingMessage, options: OutgoingOptions): CloudBody[] {
  const choices = message.choices ?? [];
  const interactive = choices.length > 0 ? interactiveOf(choices, options, message.question) : null;
  if (!interactive) return splitText(renderMessage(message), LIMITS.text).map(textBody);
  // Long text goes first as plain messages; the interactive message carries the last part.
  const parts = splitText(message.text, LIMITS.text);
  const last = parts.pop() ?? '';
  const tail = splitText(last, LIMITS.interactiveBody);
  const body = tail.pop() || '👇';
  return [...parts.map(textBody), ...tail.map(textBody), interactive(body)];
}

function textBody(text: string): CloudBody {
  return { type: 'text', text: { body: text, preview_url: false } };
}

type Interactive = (body: string) => CloudBody;

function interactiveOf(choices: Choice[], options: OutgoingOptions, question?: string): Interactive | null {
  if (
    choices.length <= LIMITS.buttons &&
    choices.every((c) => fits(c.label, LIMITS.buttonTitle) && c.id.length <= LIMITS.buttonId)
  ) {
    const buttons = choices.map((c) => ({
      type: 'reply' as const,
      reply: { id: choiceData(c.id, question, LIMITS.buttonId), title: c.label.trim() },
    }));
    return (text) => ({ type: 'interactive', interactive: { type: 'button', body: { text }, action: { buttons } } });
  }
  if (choices.length > LIMITS.rows) return null;
  const rows: { id: string; title: string; description?: string }[] = [];
  for (const c of choices) {
    const label = c.label.trim();
    if (c.id.length > LIMITS.rowId || !fits(label, LIMITS.rowDescription) || label === '') return null;
    // A label too long for a title is shown whole as the description under a shortened title.
    rows.push(
      fits(label, LIMITS.rowTitle)
        ? { id: choiceData(c.id, question, LIMITS.rowId), title: label }
        : { id: choiceData(c.id, question, LIMITS.rowId), title: shorten(label, LIMITS.rowTitle), description: label },
    );
  }
  const button = shorten(options.listButton ?? DEFAULT_LIST_BUTTON, LIMITS.listButton);
  return (text) => ({
    type: 'interactive',
    interactive: { type: 'list', body: { text }, action: { button, sections: [{ rows }] } },
  });
}

/** Meta counts characters; emoji made of two UTF-16 units count once, so count code points. */
function fits(text: string, max: number): boolean {
  const n = [...text.trim()].length;
  return n > 0 && n <= max;
}

function shorten(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max
    ? chars.join('')
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/**
 * A template message for outside the 24-hour window: the texts become the one body
 * variable. Template variables may not hold line breaks, tabs or runs of spaces.
 */
export function templateBody(name: string, language: string, messages: OutgoingMessage[]): CloudBody {
  const text = messages
    .map((m) => renderMessage(m))
    .join(' — ')
    .replace(/[\t\n\r]+/g, ' · ')
    .replace(/ {4,}/g, '   ');
  return {
    type: 'template',
    template: {
      name,
      language: { code: language },
      components: [{ type: 'body', parameters: [{ type: 'text', text: shorten(text, LIMITS.interactiveBody) }] }],
    },
  };
}
