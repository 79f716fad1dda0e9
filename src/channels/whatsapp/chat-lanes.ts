/**
 * One promise chain per chat: tasks for the same chat run one after another in arrival
 * order, different chats run in parallel. A lane is dropped once it is idle, so memory
 * follows the number of busy chats, not of all chats ever seen.
 */
export interface ChatLanes {
  /** Runs `task` after every earlier task of `key`; rejects with the task's own error. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Resolves when every task queued so far has settled. */
  idle(): Promise<void>;
  readonly busy: number;
}

export function createChatLanes(): ChatLanes {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    async idle(): Promise<void> {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
    get busy() {
      return tails.size;
    },
  };
}
