/** A bounded set of recently seen ids: the oldest are forgotten first. */
export interface RecentIds {
  /** Adds the id; false when it was already there. */
  add(id: number): boolean;
  readonly size: number;
}

export function createRecentIds(capacity: number): RecentIds {
  const ids = new Set<number>();
  // A ring of the ids in arrival order tells which one to forget, without iterating the set.
  const ring = new Array<number | undefined>(capacity);
  let next = 0;
  return {
    add(id) {
      if (ids.has(id)) return false;
      const oldest = ring[next];
      if (oldest !== undefined) ids.delete(oldest);
      ring[next] = id;
      next = (next + 1) % capacity;
      ids.add(id);
      return true;
    },
    get size() {
      return ids.size;
    },
  };
}
