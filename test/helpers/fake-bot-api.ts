/**
 * A small Telegram Bot API server on 127.0.0.1 for tests and benches; the real grammY client
 * talks to it through `apiRoot`. It records every call, long-polls `getUpdates` like
 * Telegram (a request waits until updates arrive or its timeout ends), keeps the messages
 * the bot sent (so a button tap carries the real keyboard), serves files, and can fail
 * chosen calls (429 with retry_after, 403, any code, or a dropped connection).
 *
 *   const fake = await startFakeBotApi();
 *   const bot = new Bot(fake.token, { botInfo: fake.botInfo, client: { apiRoot: fake.apiRoot } });
 *   fake.userSends(42, { text: '/start' });
 *   const [call] = await fake.waitForCalls('sendMessage', 1);
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Message, Update, UserFromGetMe } from 'grammy/types';

export const FAKE_TOKEN = '123456789:AAFakeTokenForTestsOnly_abcdefghijklmnop';

export interface RecordedCall {
  method: string;
  /** JSON body, or the text fields of a multipart body (non-string values arrive JSON-encoded there). */
  payload: Record<string, unknown>;
  /** Files uploaded with multipart/form-data. */
  files: { field: string; fileName?: string; size: number }[];
  /** `performance.now()` when the request arrived. */
  at: number;
  ok: boolean;
  errorCode?: number;
  /** `performance.now()` when the response was written (unset while it is held). */
  doneAt?: number;
}

export type Failure = { errorCode: number; description?: string; retryAfter?: number } | { network: true };
export interface FailOptions {
  /** How many matching calls fail (default 1). */
  times?: number;
  match?: (payload: Record<string, unknown>) => boolean;
}

export interface FakeFile {
  data: Buffer;
  /** Size reported by getFile; defaults to `data.length` (set it to test the 20 MB limit). */
  size?: number;
}

/** Fields of a user's message: `{ text }`, `{ photo: [...] , caption }`, `{ location }`, … */
export type MessageContent = Record<string, unknown>;

export interface FakeBotApi {
  readonly apiRoot: string;
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  readonly calls: readonly RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Resolves once `method` was called at least `n` times in total. */
  waitForCalls(method: string, n: number, timeoutMs?: number): Promise<RecordedCall[]>;
  onCall(listener: (call: RecordedCall) => void): () => void;
  failNext(method: string, failure: Failure, options?: FailOptions): void;
  /** Holds the response of the next matching call(s) for `ms` (a slow Telegram). */
  slowNext(method: string, ms: number, options?: FailOptions): void;

  /** Queues a raw update (an `update_id` is assigned when missing). */
  pushUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Update;
  userSends(userId: number, content: MessageContent): Update;
  userEdits(userId: number, messageId: number, text: string): Update;
  /** Taps a button under a message the bot sent (the update carries that message and keyboard). */
  userTaps(userId: number, messageId: number, data: string): Update;
  userBlocks(userId: number): Update;
  /** The user unblocks the bot (a `my_chat_member` update back to member). */
  userUnblocks(userId: number): Update;
  staffSends(chatId: number, staffId: number, content: MessageContent, options?: { threadId?: number }): Update;
  staffTaps(chatId: number, staffId: number, messageId: number, data: string): Update;
  /** Posts an update to a webhook as Telegram would; resolves with the HTTP status. */
  deliverWebhook(url: string, update: Update, secretToken?: string): Promise<number>;

  /** Messages the bot sent to a chat (sendMessage, sendPhoto, sendDocument, copyMessage), oldest first. */
  sentTo(chatId: number | string): Message[];
  addFile(fileId: string, file: FakeFile): void;
  setAdministrators(chatId: number, userIds: number[]): void;
  topics(chatId: number): { threadId: number; name: string; closed: boolean }[];
  readonly webhook: { url: string; secretToken?: string } | undefined;
  /** The highest offset a getUpdates call confirmed. */
  readonly confirmedOffset: number;
  readonly pendingUpdates: number;
  close(): Promise<void>;
}

interface Waiter {
  offset: number;
  limit: number;
  resolve: (updates: Update[]) => void;
  conflict?: () => void;
}

export async function startFakeBotApi(
  options: {
    token?: string;
    username?: string;
    /**
     * Telegram's answer to two pollers: a new getUpdates terminates the one still waiting with
     * 409 "Conflict: terminated by other getUpdates request".
     */
    pollConflicts?: boolean;
  } = {},
): Promise<FakeBotApi> {
  const token = options.token ?? FAKE_TOKEN;
  const botId = Number(token.split(':')[0]);
  const botInfo: UserFromGetMe = {
    id: botId,
    is_bot: true,
    first_name: 'Sahabat PMI (test)',
    username: options.username ?? 'sahabat_pmi_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
  } as UserFromGetMe;
  const calls: RecordedCall[] = [];
  const listeners = new Set<(call: RecordedCall) => void>();
  const failures = new Map<string, { failure: Failure; left: number; match?: FailOptions['match'] }[]>();
  const slow = new Map<string, { ms: number; left: number; match?: FailOptions['match'] }[]>();
  const queue: Update[] = [];
  const waiters = new Set<Waiter>();
  const sent = new Map<string, Message[]>();
  const files = new Map<string, FakeFile & { path: string }>();
  const admins = new Map<string, number[]>();
  const topicsByChat = new Map<string, { threadId: number; name: string; closed: boolean }[]>();
  const messageIds = new Map<string, number>();
  let nextUpdateId = 1000;
  let nextThreadId = 100;
  let confirmedOffset = 0;
  let webhook: { url: string; secretToken?: string } | undefined;
  const now = () => Math.floor(Date.now() / 1000);
  const nextMessageId = (chatId: string) => {
    const id = (messageIds.get(chatId) ?? 0) + 1;
    messageIds.set(chatId, id);
    return id;
  };
  const chatOf = (id: number) =>
    id < 0 ? { id, type: 'supergroup', title: 'Staff', is_forum: true } : { id, type: 'private', first_name: 'User' };
  const person = (id: number) => ({ id, is_bot: false, first_name: `Tester ${id}` });

  function pushUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    const full = { ...update, update_id: update.update_id ?? nextUpdateId++ } as Update;
    queue.push(full);
    for (const waiter of waiters) {
      const ready = take(waiter.offset, waiter.limit);
      if (ready.length > 0) {
        waiters.delete(waiter);
        waiter.resolve(ready);
      }
    }
    return full;
  }

  function take(offset: number, limit: number): Update[] {
    return queue.filter((u) => u.update_id >= offset).slice(0, limit);
  }

  function record(message: Message): Message {
    const key = String(message.chat.id);
    sent.set(key, [...(sent.get(key) ?? []), message]);
    return message;
  }

  function botMessage(payload: Record<string, unknown>, content: Record<string, unknown>): Message {
    const chatId = Number(payload.chat_id);
    const threadId = payload.message_thread_id === undefined ? undefined : Number(payload.message_thread_id);
    const markup = typeof payload.reply_markup === 'string' ? JSON.parse(payload.reply_markup) : payload.reply_markup;
    return record({
      message_id: nextMessageId(String(chatId)),
      date: now(),
      chat: chatOf(chatId),
      from: { id: botId, is_bot: true, first_name: botInfo.first_name, username: botInfo.username },
      ...content,
      ...(markup ? { reply_markup: markup } : {}),
      ...(threadId !== undefined ? { message_thread_id: threadId, is_topic_message: true } : {}),
    } as Message);
  }

  /** Answers one API method; `undefined` means unknown method. */
  function answer(method: string, p: Record<string, unknown>, uploads: RecordedCall['files']): unknown {
    switch (method) {
      case 'getMe':
        return botInfo;
      case 'sendMessage':
        return botMessage(p, { text: p.text });
      case 'sendPhoto':
        return botMessage(p, {
          photo: [{ file_id: `photo-${calls.length}`, file_unique_id: 'u', width: 1, height: 1 }],
          ...(p.caption ? { caption: p.caption } : {}),
        });
      case 'sendDocument':
        return botMessage(p, {
          document: { file_id: `doc-${calls.length}`, file_unique_id: 'u', file_name: uploads[0]?.fileName },
          ...(p.caption ? { caption: p.caption } : {}),
        });
      case 'copyMessage':
        return { message_id: botMessage(p, { text: `(copy of ${p.from_chat_id}/${p.message_id})` }).message_id };
      case 'editMessageReplyMarkup': {
        const message = (sent.get(String(p.chat_id)) ?? []).find((m) => m.message_id === Number(p.message_id));
        if (!message) return undefined;
        if (p.reply_markup) Object.assign(message, { reply_markup: p.reply_markup });
        else delete (message as { reply_markup?: unknown }).reply_markup;
        return message;
      }
      case 'answerCallbackQuery':
      case 'sendChatAction':
      case 'deleteWebhook':
        if (method === 'deleteWebhook') webhook = undefined;
        return true;
      case 'setWebhook':
        webhook = { url: String(p.url), ...(p.secret_token ? { secretToken: String(p.secret_token) } : {}) };
        return true;
      case 'getWebhookInfo':
        return { url: webhook?.url ?? '', has_custom_certificate: false, pending_update_count: queue.length };
      case 'getFile': {
        const file = files.get(String(p.file_id));
        if (!file) return undefined;
        return {
          file_id: p.file_id,
          file_unique_id: `u-${p.file_id}`,
          file_size: file.size ?? file.data.length,
          file_path: file.path,
        };
      }
      case 'getChatAdministrators': {
        const users = [...(admins.get(String(p.chat_id)) ?? []).map(person), { ...botInfo }];
        return users.map((user) => ({ status: 'administrator', user, can_manage_topics: true }));
      }
      case 'createForumTopic': {
        const topic = { threadId: nextThreadId++, name: String(p.name), closed: false };
        topicsByChat.set(String(p.chat_id), [...(topicsByChat.get(String(p.chat_id)) ?? []), topic]);
        return { message_thread_id: topic.threadId, name: topic.name, icon_color: 7322096 };
      }
      case 'editForumTopic':
      case 'closeForumTopic':
      case 'reopenForumTopic': {
        const topic = (topicsByChat.get(String(p.chat_id)) ?? []).find(
          (t) => t.threadId === Number(p.message_thread_id),
        );
        if (!topic) return undefined;
        if (method === 'editForumTopic' && p.name) topic.name = String(p.name);
        if (method !== 'editForumTopic') topic.closed = method === 'closeForumTopic';
        return true;
      }
      default:
        return undefined;
    }
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readAll(req);
    const filePrefix = `/file/bot${token}/`;
    if (req.method === 'GET' && url.pathname.startsWith(filePrefix)) {
      const path = decodeURIComponent(url.pathname.slice(filePrefix.length));
      const file = [...files.values()].find((f) => f.path === path);
      res.writeHead(file ? 200 : 404, { 'content-type': 'application/octet-stream' }).end(file?.data ?? 'not found');
      return;
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match || match[1] !== token) {
      sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const method = match[2] as string;
    const { payload, files: uploads } = parsePayload(req.headers['content-type'] ?? '', body);
    const call: RecordedCall = { method, payload, files: uploads, at: performance.now(), ok: true };
    calls.push(call);
    res.on('finish', () => {
      call.doneAt = performance.now();
    });
    const held = (slow.get(method) ?? []).find((r) => r.left > 0 && (!r.match || r.match(payload)));
    if (held) {
      held.left--;
      await new Promise((r) => setTimeout(r, held.ms));
    }
    const rules = failures.get(method) ?? [];
    const rule = rules.find((r) => r.left > 0 && (!r.match || r.match(payload)));
    if (rule) {
      rule.left--;
      call.ok = false;
      notify(call);
      if ('network' in rule.failure) {
        req.socket.destroy();
        return;
      }
      const { errorCode, description, retryAfter } = rule.failure;
      call.errorCode = errorCode;
      sendJson(res, errorCode, {
        ok: false,
        error_code: errorCode,
        description: description ?? defaultDescription(errorCode, retryAfter),
        ...(retryAfter !== undefined ? { parameters: { retry_after: retryAfter } } : {}),
      });
      return;
    }
    if (method === 'getUpdates') {
      notify(call);
      const offset = Number(payload.offset ?? 0);
      const limit = Math.min(100, Number(payload.limit ?? 100));
      if (offset > confirmedOffset) {
        confirmedOffset = offset;
        while (queue.length > 0 && (queue[0]?.update_id ?? 0) < offset) queue.shift();
      }
      if (options.pollConflicts) {
        for (const other of [...waiters]) other.conflict?.();
      }
      const ready = take(offset, limit);
      const timeout = Number(payload.timeout ?? 0);
      if (ready.length > 0 || timeout <= 0) return sendJson(res, 200, { ok: true, result: ready });
      const waiter: Waiter = {
        offset,
        limit,
        resolve: (updates) => {
          clearTimeout(timer);
          sendJson(res, 200, { ok: true, result: updates });
        },
        conflict: () => {
          clearTimeout(timer);
          waiters.delete(waiter);
          sendJson(res, 409, {
            ok: false,
            error_code: 409,
            description:
              'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
          });
        },
      };
      const timer = setTimeout(() => waiter.resolve([]), timeout * 1000);
      waiters.add(waiter);
      // The client gave up (grammY aborts on stop): forget the request.
      res.on('close', () => {
        clearTimeout(timer);
        waiters.delete(waiter);
      });
      return;
    }
    const result = answer(method, payload, uploads);
    if (result === undefined) {
      call.ok = false;
      call.errorCode = 400;
      notify(call);
      sendJson(res, 400, {
        ok: false,
        error_code: 400,
        description: `Bad Request: fake cannot answer ${method} with this payload`,
      });
      return;
    }
    notify(call);
    sendJson(res, 200, { ok: true, result });
  }

  function notify(call: RecordedCall): void {
    for (const listener of listeners) listener(call);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error_code: 500, description: String(err) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const privateMessage = (userId: number, content: MessageContent) =>
    ({
      message_id: nextMessageId(`u${userId}`),
      date: now(),
      chat: chatOf(userId),
      from: person(userId),
      ...content,
    }) as Message;

  return {
    apiRoot,
    token,
    botInfo,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    waitForCalls(method, n, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.filter((c) => c.method === method);
          if (found.length < n) return false;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `fake Bot API: ${method} called ${calls.filter((c) => c.method === method).length} times, waited for ${n}`,
            ),
          );
        }, timeoutMs);
        if (!check()) listeners.add(check);
      });
    },
    onCall(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    failNext(method, failure, opts = {}) {
      failures.set(method, [...(failures.get(method) ?? []), { failure, left: opts.times ?? 1, match: opts.match }]);
    },
    slowNext(method, ms, opts = {}) {
      slow.set(method, [...(slow.get(method) ?? []), { ms, left: opts.times ?? 1, match: opts.match }]);
    },
    pushUpdate,
    userSends: (userId, content) => pushUpdate({ message: privateMessage(userId, content) as Update['message'] }),
    userEdits: (userId, messageId, text) =>
      pushUpdate({
        edited_message: {
          message_id: messageId,
          date: now() - 5,
          edit_date: now(),
          chat: chatOf(userId),
          from: person(userId),
          text,
        } as Update['edited_message'],
      }),
    userTaps(userId, messageId, data) {
      const message = (sent.get(String(userId)) ?? []).find((m) => m.message_id === messageId);
      return pushUpdate({
        callback_query: {
          id: `q${nextUpdateId}`,
          from: person(userId),
          chat_instance: `ci${userId}`,
          data,
          message: message ? structuredClone(message) : { message_id: messageId, date: 0, chat: chatOf(userId) },
        } as Update['callback_query'],
      });
    },
    userBlocks: (userId) =>
      pushUpdate({
        my_chat_member: {
          chat: chatOf(userId),
          from: person(userId),
          date: now(),
          old_chat_member: { status: 'member', user: { ...botInfo } },
          new_chat_member: { status: 'kicked', user: { ...botInfo }, until_date: 0 },
        } as Update['my_chat_member'],
      }),
    userUnblocks: (userId) =>
      pushUpdate({
        my_chat_member: {
          chat: chatOf(userId),
          from: person(userId),
          date: now(),
          old_chat_member: { status: 'kicked', user: { ...botInfo }, until_date: 0 },
          new_chat_member: { status: 'member', user: { ...botInfo } },
        } as Update['my_chat_member'],
      }),
    staffSends: (chatId, staffId, content, opts = {}) =>
      pushUpdate({
        message: {
          message_id: nextMessageId(String(chatId)),
          date: now(),
          chat: chatOf(chatId),
          from: person(staffId),
          ...(opts.threadId !== undefined ? { message_thread_id: opts.threadId, is_topic_message: true } : {}),
          ...content,
        } as Update['message'],
      }),
    staffTaps(chatId, staffId, messageId, data) {
      const message = (sent.get(String(chatId)) ?? []).find((m) => m.message_id === messageId);
      return pushUpdate({
        callback_query: {
          id: `q${nextUpdateId}`,
          from: person(staffId),
          chat_instance: `ci${chatId}`,
          data,
          message: message ? structuredClone(message) : { message_id: messageId, date: 0, chat: chatOf(chatId) },
        } as Update['callback_query'],
      });
    },
    async deliverWebhook(url, update, secretToken) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secretToken ? { 'x-telegram-bot-api-secret-token': secretToken } : {}),
        },
        body: JSON.stringify(update),
      });
      await res.arrayBuffer();
      return res.status;
    },
    sentTo: (chatId) => [...(sent.get(String(chatId)) ?? [])],
    addFile(fileId, file) {
      files.set(fileId, { ...file, path: `documents/${fileId}.bin` });
    },
    setAdministrators(chatId, userIds) {
      admins.set(String(chatId), userIds);
    },
    topics: (chatId) => [...(topicsByChat.get(String(chatId)) ?? [])],
    get webhook() {
      return webhook;
    },
    get confirmedOffset() {
      return confirmedOffset;
    },
    get pendingUpdates() {
      return queue.filter((u) => u.update_id >= confirmedOffset).length;
    },
    async close() {
      for (const waiter of waiters) waiter.resolve([]);
      waiters.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function defaultDescription(code: number, retryAfter?: number): string {
  if (code === 429) return `Too Many Requests: retry after ${retryAfter ?? 1}`;
  if (code === 403) return 'Forbidden: bot was blocked by the user';
  if (code >= 500) return 'Internal Server Error';
  return 'Bad Request';
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parsePayload(
  contentType: string,
  body: Buffer,
): { payload: Record<string, unknown>; files: RecordedCall['files'] } {
  if (body.length === 0) return { payload: {}, files: [] };
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!contentType.startsWith('multipart/form-data') || !boundary) {
    return { payload: JSON.parse(body.toString('utf8')) as Record<string, unknown>, files: [] };
  }
  const payload: Record<string, unknown> = {};
  const files: RecordedCall['files'] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/.exec(headers)?.[1] ?? '';
    const fileName = /filename="?([^"\r\n;]*)"?/.exec(headers)?.[1];
    if (fileName !== undefined) files.push({ field: name, fileName, size: content.length });
    else payload[name] = content.toString('utf8');
    start = next;
  }
  return { payload, files };
}
