/**
 * A tappable choice carries the token of the question that offered it, so a tap on an old
 * keyboard or a forged one names a question that has passed (see src/engine/question-token.ts).
 * Channels with buttons encode `<token>~<id>` and read it back; neither part contains `~`.
 */
export const TOKEN_SEPARATOR = '~';

/** The counter part of a question token. */
export function shortToken(token: string): string {
  return token.split('.')[0] ?? token;
}

/** The button's data within `limit` bytes: a long id (an agency licence) keeps the token's short form. */
export function choiceData(id: string, question: string | undefined, limit: number): string {
  if (!question) return id;
  const full = `${question}${TOKEN_SEPARATOR}${id}`;
  if (Buffer.byteLength(full, 'utf8') <= limit) return full;
  return `${shortToken(question)}${TOKEN_SEPARATOR}${id}`;
}

/** Reads button data back; `token` is '' when the button carried none (older keyboards, forged data). */
export function parseChoiceData(data: string): { id: string; token: string } {
  const at = data.indexOf(TOKEN_SEPARATOR);
  return at < 0 ? { id: data, token: '' } : { id: data.slice(at + 1), token: data.slice(0, at) };
}
