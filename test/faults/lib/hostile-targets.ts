/**
 * Where hostile text is injected: every `ask` in flows/*.yaml that takes free input (text,
 * number, date, country, media), each with the user messages that walk a fresh conversation
 * into it. A new free-input ask without a walk here fails the scenario, so the list cannot
 * silently fall behind the flows.
 */
import { readFlowFiles } from '../../../src/flows/load-flows.js';
import { COMPLAINT_DESCRIPTION } from './complaint-chat.js';

export const FREE_ANSWERS = ['text', 'number', 'date', 'country', 'media'];

/**
 * Flows only staff start (the case layer puts a worker on `case-answer` when staff send
 * /minta): no user message walks into them, so their asks are left to
 * test/complaints/case-requests.test.ts. Any other flow's free-input ask must have a walk.
 */
export const STAFF_STARTED = new Set(['case-answer']);

/** `flow/node` of every free-input ask in the flows folder that a user's messages can reach. */
export function freeInputAsks(dir = 'flows'): string[] {
  const out: string[] = [];
  for (const flow of readFlowFiles(dir).flows.values()) {
    if (STAFF_STARTED.has(flow.id)) continue;
    for (const [id, node] of Object.entries(flow.nodes)) {
      const n = node as { kind: string; answer?: string };
      if (n.kind === 'ask' && n.answer && FREE_ANSWERS.includes(n.answer)) out.push(`${flow.id}/${id}`);
    }
  }
  return out.sort();
}

const TO_PARTY = ['gaji saya belum dibayar 3 bulan', 'ya', '1', 'Taiwan', COMPLAINT_DESCRIPTION];
const TO_CONFIRM = [...TO_PARTY, 'lewati', '1', 'ya'];

/**
 * The walk into each ask; `ticket` is a complaint filed from another chat (for the PIN
 * question) and `joinCode` the code its reporter got for co-workers.
 */
export function walks(ticket: string, joinCode: string): Record<string, string[]> {
  return {
    'agency-check/ask-name': ['mau cek izin PT'],
    'answers/ask-country': ['berapa gaji minimum pembantu rumah tangga?'],
    'complaint/ask-country': TO_PARTY.slice(0, 3),
    'complaint/ask-description': TO_PARTY.slice(0, 4),
    'complaint/ask-party': TO_PARTY,
    'complaint/ask-contact-number': [...TO_PARTY, 'lewati', '2'],
    'complaint/ask-safe-time': [...TO_PARTY, 'lewati', '3'],
    'complaint/ask-evidence': [...TO_CONFIRM, '2'],
    'complaint/edit-country': [...TO_CONFIRM, '3', '3'],
    'complaint-status/ask-ticket': ['cek status'],
    'complaint-status/ask-ticket-again': ['cek status', 'bukan kode'],
    'complaint-status/ask-pin': [`cek status ${ticket}`],
    'emergency/ask-country': ['tolong saya dipukul majikan sampai berdarah'],
    'case-join/ask-description': [`gabung ${joinCode}`],
  };
}
