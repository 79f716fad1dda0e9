/**
 * The staff console's Telegram calls through grammY's `Api` (the Telegram channel's bot, so
 * its auto-retry and network policies apply). Errors become `StaffApiError`s by kind.
 */
import { type Api, GrammyError, HttpError, InputFile } from 'grammy';
import { type StaffApi, StaffApiError } from '../../handover/staff-api.js';

export function createGrammyStaffApi(api: Api, staffChatId: string): StaffApi {
  const chat = staffChatId;
  const thread = (threadId?: number) => (threadId === undefined ? {} : { message_thread_id: threadId });

  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toStaffError(what, err);
    }
  }

  return {
    createTopic: (name) =>
      call('createForumTopic', async () => (await api.createForumTopic(chat, name)).message_thread_id),
    renameTopic: (threadId, name) =>
      call('editForumTopic', async () => {
        await api.editForumTopic(chat, threadId, { name });
      }),
    closeTopic: (threadId) =>
      call('closeForumTopic', async () => {
        await api.closeForumTopic(chat, threadId);
      }),
    reopenTopic: (threadId) =>
      call('reopenForumTopic', async () => {
        await api.reopenForumTopic(chat, threadId);
      }),
    deleteTopic: (threadId) =>
      call('deleteForumTopic', async () => {
        await api.deleteForumTopic(chat, threadId);
      }),
    sendText: (text, threadId) =>
      call('sendMessage', async () => {
        await api.sendMessage(chat, text, { ...thread(threadId), link_preview_options: { is_disabled: true } });
      }),
    copyFromUser: (userChatId, messageId, threadId) =>
      call('copyMessage', async () => {
        await api.copyMessage(chat, userChatId, messageId, thread(threadId));
      }),
    sendFile: (file, caption, threadId) =>
      call(file.kind === 'photo' ? 'sendPhoto' : 'sendDocument', async () => {
        const input = new InputFile(file.data, file.fileName);
        const other = { ...thread(threadId), ...(caption ? { caption: caption.slice(0, 1024) } : {}) };
        if (file.kind === 'photo') await api.sendPhoto(chat, input, other);
        else await api.sendDocument(chat, input, other);
      }),
    sendPrivate: (staffUserId, text) =>
      call('sendMessage', async () => {
        await api.sendMessage(staffUserId, text, { link_preview_options: { is_disabled: true } });
      }),
    copyToUser: (userChatId, messageId) =>
      call('copyMessage', async () => {
        await api.copyMessage(userChatId, chat, messageId);
      }),
    administrators: () =>
      call('getChatAdministrators', async () =>
        (await api.getChatAdministrators(chat)).filter((m) => !m.user.is_bot).map((m) => String(m.user.id)),
      ),
  };
}

export function toStaffError(what: string, err: unknown): StaffApiError {
  if (err instanceof GrammyError) {
    const d = err.description;
    const message = `${what}: ${err.error_code} ${d}`;
    if (err.error_code === 429) return new StaffApiError('rate_limited', message, err.parameters.retry_after ?? 5);
    if (/TOPIC_NOT_MODIFIED|message is not modified|TOPIC_NOT_CLOSED/i.test(d))
      return new StaffApiError('not_modified', message);
    if (/TOPIC_CLOSED/i.test(d)) return new StaffApiError('topic_closed', message);
    if (/thread not found|TOPIC_DELETED|TOPIC_ID_INVALID|MESSAGE_THREAD_INVALID/i.test(d))
      return new StaffApiError('thread_missing', message);
    if (err.error_code === 403 || /not enough rights|CHAT_ADMIN_REQUIRED|chat not found/i.test(d))
      return new StaffApiError('forbidden', message);
    if (err.error_code >= 500) return new StaffApiError('unavailable', message);
    return new StaffApiError('bad_request', message);
  }
  if (err instanceof HttpError)
    return new StaffApiError('unavailable', `${what}: network error`, undefined, { cause: err });
  return new StaffApiError('unavailable', `${what}: ${err instanceof Error ? err.name : 'unknown error'}`);
}
