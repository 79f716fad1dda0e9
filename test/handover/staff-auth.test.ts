import { describe, expect, it } from 'vitest';
import { createStaffAuth } from '../../src/handover/staff-auth.js';
import { createLogger } from '../../src/logger.js';

const logger = createLogger({ level: 'silent', format: 'json' });

describe('staff authorisation', () => {
  it('accepts listed staff and group admins, nobody else', async () => {
    let calls = 0;
    const auth = createStaffAuth({
      staffUserIds: ['111'],
      administrators: async () => {
        calls++;
        return ['222'];
      },
      logger,
    });
    expect(await auth.isStaff('111')).toBe(true);
    expect(calls).toBe(0);
    expect(await auth.isStaff('222')).toBe(true);
    expect(await auth.isStaff('333')).toBe(false);
    expect(calls).toBe(1);
  });

  it('caches the admin list and reloads it when stale', async () => {
    let now = 0;
    let admins = ['222'];
    let calls = 0;
    const auth = createStaffAuth({
      staffUserIds: [],
      administrators: async () => {
        calls++;
        return admins;
      },
      logger,
      cacheMs: 1000,
      clock: () => now,
    });
    expect(await auth.isStaff('222')).toBe(true);
    admins = ['333'];
    expect(await auth.isStaff('333')).toBe(false);
    now = 1500;
    expect(await auth.isStaff('333')).toBe(true);
    expect(await auth.isStaff('222')).toBe(false);
    expect(calls).toBe(2);
  });

  it('keeps the last known admins when Telegram fails', async () => {
    let now = 0;
    let fail = false;
    const auth = createStaffAuth({
      staffUserIds: [],
      administrators: async () => {
        if (fail) throw new Error('network');
        return ['222'];
      },
      logger,
      cacheMs: 10,
      clock: () => now,
    });
    expect(await auth.isStaff('222')).toBe(true);
    fail = true;
    now = 100;
    expect(await auth.isStaff('222')).toBe(true);
    expect(await auth.isStaff('999')).toBe(false);
  });
});
