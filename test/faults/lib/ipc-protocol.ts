/** Messages between the suite and its child processes (Node IPC, JSON-serialisable). */
import type { HandleResult, IncomingMessage } from '../../../src/core/messages.js';

export type ToChild =
  | { t: 'handle'; id: number; msg: IncomingMessage }
  | { t: 'stats'; id: number }
  | { t: 'settle'; id: number }
  | { t: 'stop'; id: number };

export interface ChildStats {
  pid: number;
  unhandledRejections: number;
  rssMb: number;
}

export type FromChild =
  | { t: 'ready'; pid: number }
  | { t: 'result'; id: number; ok: true; result: HandleResult }
  | { t: 'result'; id: number; ok: false; error: string }
  | { t: 'stats'; id: number; stats: ChildStats }
  | { t: 'done'; id: number };
