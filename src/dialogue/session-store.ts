/** A stored session read back: found, none, or corrupt (with the problem, never thrown). */
import { parseSession, type Session } from '../engine/session.js';

export type LoadedSession =
  | { status: 'found'; session: Session }
  | { status: 'none' }
  | { status: 'corrupt'; problem: string };

export function interpretSession(raw: string | null): LoadedSession {
  if (raw === null) return { status: 'none' };
  const parsed = parseSession(raw);
  return parsed.ok ? { status: 'found', session: parsed.session } : { status: 'corrupt', problem: parsed.problem };
}
