/**
 * Commands staff type in the staff group, Indonesian first with English aliases. Anything
 * that starts with `/` is a command, known or not, so a mistyped command never reaches the
 * worker as a message.
 */

export const CASE_STATUS_NAMES = ['in_review', 'referred', 'resolved', 'closed'] as const;
export type SettableCaseStatus = (typeof CASE_STATUS_NAMES)[number];

export type StaffCommand =
  | { kind: 'take' }
  | { kind: 'close' }
  | { kind: 'note' }
  | { kind: 'contact' }
  | { kind: 'status'; ticket: string; status: SettableCaseStatus }
  | { kind: 'status_usage' }
  /** `/minta [ADU-XXXXXXXX] text`: without a code, the case of the topic it was typed in. */
  | { kind: 'request'; ticket?: string; text: string }
  | { kind: 'request_usage' }
  /** `/terbukti ADU-XXXXXXXX <licence or name | batal>`. */
  | { kind: 'substantiate'; ticket: string; query: string }
  | { kind: 'substantiate_usage' }
  /** `/berkas ADU-XXXXXXXX`: the referral case file (no personal data) into the topic. */
  | { kind: 'pack'; ticket: string }
  | { kind: 'pack_usage' }
  | { kind: 'help' }
  | { kind: 'unknown'; name: string }
  /** Not a command: a message for the worker. */
  | { kind: 'message' };

const NAMES: Record<
  string,
  'take' | 'close' | 'note' | 'contact' | 'status' | 'help' | 'request' | 'substantiate' | 'pack'
> = {
  berkas: 'pack',
  casefile: 'pack',
  terbukti: 'substantiate',
  substantiated: 'substantiate',
  minta: 'request',
  request: 'request',
  ambil: 'take',
  take: 'take',
  tutup: 'close',
  close: 'close',
  catatan: 'note',
  note: 'note',
  kontak: 'contact',
  contact: 'contact',
  status: 'status',
  bantuan: 'help',
  help: 'help',
  start: 'help',
};

const STATUS_WORDS: Record<string, SettableCaseStatus> = {
  in_review: 'in_review',
  review: 'in_review',
  diperiksa: 'in_review',
  proses: 'in_review',
  referred: 'referred',
  dirujuk: 'referred',
  resolved: 'resolved',
  selesai: 'resolved',
  closed: 'closed',
  ditutup: 'closed',
};

const TICKET = /^ADU-?([0-9A-HJKMNP-TV-Z]{8})$/i;

export function parseStaffCommand(text: string | undefined): StaffCommand {
  const trimmed = (text ?? '').trim();
  const m = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(trimmed);
  if (!m) return trimmed.startsWith('/') ? { kind: 'unknown', name: trimmed.slice(1, 20) } : { kind: 'message' };
  const name = (m[1] ?? '').toLowerCase();
  const kind = NAMES[name];
  if (!kind) return { kind: 'unknown', name };
  if (kind === 'request') return parseRequest(m[2] ?? '');
  if (kind === 'substantiate') return parseSubstantiate(m[2] ?? '');
  if (kind === 'pack') {
    const ticket = TICKET.exec((m[2] ?? '').trim());
    return ticket ? { kind: 'pack', ticket: `ADU-${(ticket[1] ?? '').toUpperCase()}` } : { kind: 'pack_usage' };
  }
  if (kind !== 'status') return { kind };
  const [ticketWord = '', statusWord = ''] = (m[2] ?? '').trim().split(/\s+/);
  const ticket = TICKET.exec(ticketWord);
  const status = STATUS_WORDS[statusWord.toLowerCase()];
  if (!ticket || !status) return { kind: 'status_usage' };
  return { kind: 'status', ticket: `ADU-${(ticket[1] ?? '').toUpperCase()}`, status };
}

function parseRequest(rest: string): StaffCommand {
  const words = rest.trim().split(/\s+/);
  const ticket = TICKET.exec(words[0] ?? '');
  const text = (ticket ? words.slice(1) : words).join(' ').trim();
  if (!text) return { kind: 'request_usage' };
  return ticket
    ? { kind: 'request', ticket: `ADU-${(ticket[1] ?? '').toUpperCase()}`, text }
    : { kind: 'request', text };
}

function parseSubstantiate(rest: string): StaffCommand {
  const words = rest.trim().split(/\s+/);
  const ticket = TICKET.exec(words[0] ?? '');
  const query = words.slice(1).join(' ').trim();
  if (!ticket || !query) return { kind: 'substantiate_usage' };
  return { kind: 'substantiate', ticket: `ADU-${(ticket[1] ?? '').toUpperCase()}`, query };
}
