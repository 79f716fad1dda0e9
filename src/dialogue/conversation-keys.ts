/**
 * Redis keys of one conversation. The `{channel:userId}` hash tag keeps them in one Redis
 * Cluster slot, so they can share a pipeline or a script.
 */
export interface ConversationKeys {
  session: string;
  lock: string;
  dedup: (messageId: string) => string;
  /** The marks of the conversation's last messages (a bounded list), for duplicate detection. */
  marks: string;
  /** The user's message count in the current rate window. */
  rate: string;
  /**
   * Set by a channel that could not reach the user (blocked the bot, number gone), so no
   * process keeps sending; the turn's first script deletes it when the user writes again.
   */
  unreachable: string;
}

export function conversationKeys(prefix: string, channel: string, userId: string): ConversationKeys {
  const tag = `{${channel}:${userId}}`;
  return {
    session: `${prefix}:conv:${tag}:session`,
    lock: `${prefix}:conv:${tag}:lock`,
    dedup: (messageId) => `${prefix}:conv:${tag}:msg:${messageId}`,
    marks: `${prefix}:conv:${tag}:marks`,
    rate: `${prefix}:conv:${tag}:rate`,
    unreachable: `${prefix}:conv:${tag}:unreachable`,
  };
}
