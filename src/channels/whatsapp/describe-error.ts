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

export type StartFailure = 'network' | 'browser' | 'unknown';

/** What each cause means for the operator, in the one log line a failed start gets. */
export const START_FAILURES: Record<StartFailure, string> = {
  network: 'WhatsApp Web could not be reached: check the network, DNS or proxy',
  browser: 'the browser did not start: check PUPPETEER_EXECUTABLE_PATH and the container memory',
  unknown: 'WhatsApp Web did not load',
};

// Chromium's net errors (net::ERR_NAME_NOT_RESOLVED, ...) and Node's socket errors (the web
// version download) mean the browser ran but the network failed; saying "the browser did not
// start" then sends the operator to the wrong place.
const NETWORK =
  /net::ERR_|ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|CONNECTION_|PROXY_|TIMED_OUT|ADDRESS_UNREACHABLE|NETWORK_)|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|fetch failed|Navigation timeout/i;
const BROWSER =
  /Failed to launch|browser process|Could not find (Chrome|browser|expected browser)|spawn |ENOENT|EACCES|Target closed|Protocol error|crashed|Browser closed/i;

export function classifyStartFailure(err: unknown): StartFailure {
  const text = describeError(err, 2000);
  if (NETWORK.test(text)) return 'network';
  if (BROWSER.test(text)) return 'browser';
  return 'unknown';
}
