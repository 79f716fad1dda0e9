/**
 * What a worker wrote, made safe to show among staff and system lines: a worker must never
 * be able to make text look like "✅ Ditutup oleh ..." or "🧑‍💼 Petugas ...". Control,
 * zero-width and bidi characters (a right-to-left override can reorder a line) are removed,
 * and every line after the first is marked as a continuation of the quote, so none starts a
 * line of its own.
 */

// C0/C1 controls except newline and tab, zero-width and joiner characters, bidi marks,
// embeddings, overrides and isolates, the BOM and interlinear annotation characters.
const UNSAFE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]/g;
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/;

/** Marks a quoted continuation line; no system line starts with it. */
export const QUOTE_MARK = '┆ ';

export function quoteWorkerText(text: string): string {
  const lines = text
    .replace(UNSAFE, '')
    .split(LINE_BREAKS)
    .map((l) => l.replace(/\t/g, ' ').trimEnd());
  while (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines.map((line, i) => (i === 0 ? line : `${QUOTE_MARK}${line}`)).join('\n');
}
