/** Next-step deadlines: urgent by the hour, others by working days in the hotline's calendar. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createDeadlinePolicy,
  type DeadlineRules,
  DeadlineRulesError,
  loadDeadlineRules,
} from '../../src/complaints/case-deadlines.js';
import { zonedIso } from '../../src/zoned-time.js';

const JAKARTA = 'Asia/Jakarta';
const rules: DeadlineRules = {
  version: 1,
  urgent: { hours: 24 },
  default: { workingDays: 3 },
  categories: { lost_contact: { hours: 48 } },
  workingWeekdays: [1, 2, 3, 4, 5],
  holidays: ['2026-12-25'],
  checkInAfterDays: 7,
};
const policy = createDeadlinePolicy(rules, JAKARTA);
const due = (since: string, over: Partial<Parameters<typeof policy.deadlineOf>[0]> = {}) => {
  const at = policy.deadlineOf({ category: 'unpaid_wages', urgent: false, status: 'received', since, ...over });
  return at === null ? null : zonedIso(at, JAKARTA);
};

describe('case deadlines', () => {
  it('an urgent case is due 24 hours after it was filed, weekend or not', () => {
    // Saturday 5 Dec 2026, 10:00 in Jakarta.
    expect(due('2026-12-05T03:00:00.000Z', { urgent: true })).toBe('2026-12-06T10:00:00+07:00');
  });

  it('others are due at the end of the third working day in the hotline time zone', () => {
    // Monday 7 Dec 10:00 Jakarta -> end of Thursday 10 Dec.
    expect(due('2026-12-07T03:00:00.000Z')).toBe('2026-12-10T23:59:59+07:00');
    // Friday 4 Dec 20:00 Jakarta -> Mon, Tue, Wed -> end of Wednesday 9 Dec.
    expect(due('2026-12-04T13:00:00.000Z')).toBe('2026-12-09T23:59:59+07:00');
  });

  it('the day is the hotline’s: 23:30 UTC on Sunday is already Monday in Jakarta', () => {
    // Sunday 6 Dec 23:30 UTC = Monday 7 Dec 06:30 Jakarta -> end of Thursday 10 Dec.
    expect(due('2026-12-06T23:30:00.000Z')).toBe('2026-12-10T23:59:59+07:00');
  });

  it('holidays are not working days', () => {
    // Wednesday 23 Dec -> Thu 24, (Fri 25 holiday), Mon 28, Tue 29.
    expect(due('2026-12-23T03:00:00.000Z')).toBe('2026-12-29T23:59:59+07:00');
  });

  it('a category can have its own rule; a closed or resolved case has none', () => {
    expect(due('2026-12-07T03:00:00.000Z', { category: 'lost_contact' })).toBe('2026-12-09T10:00:00+07:00');
    expect(due('2026-12-07T03:00:00.000Z', { status: 'resolved' })).toBeNull();
    expect(due('2026-12-07T03:00:00.000Z', { status: 'closed' })).toBeNull();
    expect(due('not a date')).toBeNull();
  });

  it('the shipped data file is valid and says urgent 24 hours, others 3 working days', () => {
    const shipped = loadDeadlineRules();
    expect(shipped.urgent).toEqual({ hours: 24 });
    expect(shipped.default).toEqual({ workingDays: 3 });
    expect(shipped.checkInAfterDays).toBeGreaterThan(0);
  });

  it('a broken data file is refused with the path and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deadlines-'));
    const path = join(dir, 'deadlines.json');
    writeFileSync(path, JSON.stringify({ ...rules, urgent: { minutes: 5 } }));
    expect(() => loadDeadlineRules(path)).toThrow(DeadlineRulesError);
    expect(() => loadDeadlineRules(path)).toThrow(/urgent/);
    writeFileSync(path, '{');
    expect(() => loadDeadlineRules(path)).toThrow(DeadlineRulesError);
  });
});
