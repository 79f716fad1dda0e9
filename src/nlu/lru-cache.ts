/**
 * A small least-recently-used cache over a Map (which keeps insertion order): a hit moves
 * the entry to the end, a full cache drops the oldest entry. Size 0 stores nothing.
 */
export interface LruCache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  readonly size: number;
}

export function createLruCache<K, V>(maxSize: number): LruCache<K, V> {
  const map = new Map<K, V>();
  return {
    get(key) {
      const value = map.get(key);
      if (value !== undefined) {
        map.delete(key);
        map.set(key, value);
      }
      return value;
    },
    set(key, value) {
      if (maxSize <= 0) return;
      map.delete(key);
      map.set(key, value);
      if (map.size > maxSize) map.delete(map.keys().next().value as K);
    },
    get size() {
      return map.size;
    },
  };
}
