/**
 * The few Telegram calls the staff console needs, as a port: the core logic never sees
 * grammY, and tests can count and fail calls. The grammY implementation is in
 * `src/channels/telegram/grammy-staff-api.ts`.
 */

export interface StaffFile {
  data: Buffer;
  fileName: string;
  mimeType?: string;
  kind: 'photo' | 'document';
}

export interface StaffApi {
  /** Creates a forum topic in the staff group; returns its `message_thread_id`. */
  createTopic(name: string): Promise<number>;
  renameTopic(threadId: number, name: string): Promise<void>;
  closeTopic(threadId: number): Promise<void>;
  reopenTopic(threadId: number): Promise<void>;
  /** Deletes a topic and its messages ("hapus data saya"). */
  deleteTopic(threadId: number): Promise<void>;
  /** Plain text (no parse mode, so nothing a worker typed is interpreted). No thread: the General topic. */
  sendText(text: string, threadId?: number): Promise<void>;
  /** Copies a message a Telegram user sent the bot into the staff group (any media kind, with caption). */
  copyFromUser(userChatId: string, messageId: number, threadId?: number): Promise<void>;
  /** Uploads a file (media from a channel other than Telegram). */
  sendFile(file: StaffFile, caption: string | undefined, threadId?: number): Promise<void>;
  /** Copies a staff member's message from the group to a Telegram user (photos, voice notes...). */
  copyToUser(userChatId: string, messageId: number): Promise<void>;
  /** A text to one staff member's private chat with the bot (what not every colleague should see). */
  sendPrivate(staffUserId: string, text: string): Promise<void>;
  /** User ids of the group's human administrators. */
  administrators(): Promise<string[]>;
}

export type StaffApiErrorKind =
  /** 429: wait `retryAfterSeconds`. */
  | 'rate_limited'
  /** The topic was deleted or never existed. */
  | 'thread_missing'
  /** The topic is closed: reopen it, then try again. */
  | 'topic_closed'
  /** Nothing to change (topic already closed, same name): success for us. */
  | 'not_modified'
  /** The bot is not in the group, or lacks rights. */
  | 'forbidden'
  /** Telegram refused this request; repeating it will not help. */
  | 'bad_request'
  /** Network or server trouble; try again later. */
  | 'unavailable';

export class StaffApiError extends Error {
  constructor(
    public readonly kind: StaffApiErrorKind,
    message: string,
    public readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StaffApiError';
  }
}

/** Any error as a StaffApiError (unknown ones count as temporary). */
export function asStaffApiError(err: unknown): StaffApiError {
  if (err instanceof StaffApiError) return err;
  return new StaffApiError('unavailable', err instanceof Error ? err.name : 'unknown error', undefined, { cause: err });
}
