/**
 * An in-memory staff group for tests: topics, messages per topic, every call recorded, and
 * chosen calls failing (429 with retry_after, or any kind).
 */
import { type StaffApi, StaffApiError, type StaffApiErrorKind } from '../../src/handover/staff-api.js';

export interface FakeCall {
  method: string;
  threadId?: number;
  text?: string;
  at: number;
}

export interface FakeStaffApi extends StaffApi {
  calls: FakeCall[];
  topics: Map<number, { name: string; closed: boolean }>;
  /** Texts posted per topic (`0` = General), including copies and files as `[copy]`/`[file]`. */
  posted: Map<number, string[]>;
  toUsers: { userChatId: string; messageId: number }[];
  /** Texts sent to a staff member's private chat. */
  privately: { staffUserId: string; text: string }[];
  failNext(method: string, kind: StaffApiErrorKind, times?: number, retryAfterSeconds?: number): void;
  admins: string[];
}

export function createFakeStaffApi(): FakeStaffApi {
  const calls: FakeCall[] = [];
  const topics = new Map<number, { name: string; closed: boolean }>();
  const posted = new Map<number, string[]>();
  const toUsers: { userChatId: string; messageId: number }[] = [];
  const privately: { staffUserId: string; text: string }[] = [];
  const failures: { method: string; kind: StaffApiErrorKind; left: number; retryAfter?: number }[] = [];
  let nextThread = 500;

  function enter(method: string, threadId?: number, text?: string): void {
    calls.push({
      method,
      ...(threadId !== undefined ? { threadId } : {}),
      ...(text !== undefined ? { text } : {}),
      at: Date.now(),
    });
    const rule = failures.find((f) => f.method === method && f.left > 0);
    if (rule) {
      rule.left--;
      throw new StaffApiError(rule.kind, `fake ${method} ${rule.kind}`, rule.retryAfter);
    }
    if (threadId !== undefined && method !== 'createTopic' && !topics.has(threadId))
      throw new StaffApiError('thread_missing', 'fake: thread not found');
  }
  const post = (threadId: number | undefined, text: string) => {
    const key = threadId ?? 0;
    posted.set(key, [...(posted.get(key) ?? []), text]);
  };

  return {
    calls,
    topics,
    posted,
    toUsers,
    privately,
    admins: [],
    failNext(method, kind, times = 1, retryAfterSeconds) {
      failures.push({
        method,
        kind,
        left: times,
        ...(retryAfterSeconds !== undefined ? { retryAfter: retryAfterSeconds } : {}),
      });
    },
    async createTopic(name) {
      enter('createTopic', undefined, name);
      const id = nextThread++;
      topics.set(id, { name, closed: false });
      return id;
    },
    async renameTopic(threadId, name) {
      enter('renameTopic', threadId, name);
      const topic = topics.get(threadId);
      if (topic) topic.name = name;
    },
    async closeTopic(threadId) {
      enter('closeTopic', threadId);
      const topic = topics.get(threadId);
      if (topic) topic.closed = true;
    },
    async reopenTopic(threadId) {
      enter('reopenTopic', threadId);
      const topic = topics.get(threadId);
      if (topic) topic.closed = false;
    },
    async deleteTopic(threadId) {
      enter('deleteTopic', threadId);
      topics.delete(threadId);
      posted.delete(threadId);
    },
    async sendText(text, threadId) {
      enter('sendText', threadId, text);
      post(threadId, text);
    },
    async copyFromUser(userChatId, messageId, threadId) {
      enter('copyFromUser', threadId);
      post(threadId, `[copy ${userChatId}/${messageId}]`);
    },
    async sendFile(file, caption, threadId) {
      enter('sendFile', threadId, caption);
      post(threadId, `[file ${file.fileName}] ${caption ?? ''}`);
    },
    async sendPrivate(staffUserId, text) {
      enter('sendPrivate', undefined, text);
      privately.push({ staffUserId, text });
    },
    async copyToUser(userChatId, messageId) {
      enter('copyToUser');
      toUsers.push({ userChatId, messageId });
    },
    async administrators() {
      enter('administrators');
      return [...this.admins];
    },
  };
}
