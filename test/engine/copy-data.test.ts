import { describe, expect, it } from 'vitest';
import { newSession } from '../../src/engine/session.js';
import { copyData } from '../../src/engine/step-context.js';

describe('copyData', () => {
  it('copies a session deeply, like structuredClone', () => {
    const session = newSession('id', 1);
    session.slots = {
      query: 'cara daftar',
      n: 3,
      none: null,
      gone: undefined,
      answer: { answerId: 'x', followups: [{ id: 'a:y', label: 'Y' }], nested: [[1, 2], []] },
    };
    const copy = copyData(session);
    expect(copy).toStrictEqual(structuredClone(session));
    expect(Object.keys(copy.slots)).toEqual(Object.keys(session.slots));
    expect('gone' in copy.slots).toBe(true);
    (copy.slots.answer as { followups: { label: string }[] }).followups[0]!.label = 'changed';
    copy.prefs.quiet = true;
    expect((session.slots.answer as { followups: { label: string }[] }).followups[0]?.label).toBe('Y');
    expect(session.prefs.quiet).toBe(false);
  });

  it('leaves what is not plain data to structuredClone', () => {
    const date = new Date(5);
    const shared = { a: 1 };
    const cyclic: Record<string, unknown> = { x: 1 };
    cyclic.self = cyclic;
    const sparse = [1, 2, 3];
    delete sparse[1];
    const withDate = copyData({ date, map: new Map([[1, 2]]) });
    expect(withDate.date).toBeInstanceOf(Date);
    expect(withDate.date).not.toBe(date);
    expect(withDate.map.get(1)).toBe(2);
    const both = copyData({ p: shared, q: shared });
    expect(both.p).toBe(both.q);
    expect(both.p).not.toBe(shared);
    const cycle = copyData(cyclic);
    expect(cycle.self).toBe(cycle);
    expect(1 in copyData(sparse)).toBe(false);
    const nullProto = Object.assign(Object.create(null), { a: 1 });
    expect(Object.getPrototypeOf(copyData(nullProto))).toBe(Object.getPrototypeOf(structuredClone(nullProto)));
    // Functions cannot be cloned: the same error as structuredClone's.
    expect(() => copyData({ f: () => 1 })).toThrow(/could not be cloned/);
  });
});
