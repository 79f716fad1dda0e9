/**
 * One log-safe line for any thrown value. Puppeteer and whatsapp-web.js errors span many
 * lines (browser stderr, stack traces) and may quote chat ids; logs and health details get
 * the gist without stack frames, and long digit runs (phone numbers) are masked.
 */
export function describeError(err: unknown, maxLength = 300): string {
  const raw = err instanceof Error ? err.message || err.name : typeof err === 'string' ? err : String(err);
  const line = raw
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at '))
    .join(' | ')
    .replace(/\d{7,}/g, '#');
  const text = line === '' ? 'unknown error' : line;
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
