import { describe, expect, it } from 'vitest';
import { createRecentIds } from '../../../src/channels/telegram/recent-ids.js';

describe('createRecentIds', () => {
  it('reports a repeat and forgets the oldest id beyond its capacity', () => {
    const recent = createRecentIds(3);
    expect([1, 2, 3].map((id) => recent.add(id))).toEqual([true, true, true]);
    expect(recent.add(2)).toBe(false);
    expect(recent.add(4)).toBe(true);
    expect(recent.size).toBe(3);
    expect(recent.add(1)).toBe(true);
    expect(recent.add(3)).toBe(false);
  });
});
