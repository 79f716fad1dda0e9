/** The date in a status reply is the hotline's day (Jakarta), like the agency answers', not UTC's. */
import { describe, expect, it } from 'vitest';
import type { CaseStore } from '../../src/complaints/case-store.js';
import { createComplaintActions } from '../../src/complaints/complaint-actions.js';
import type { ComplaintIntake } from '../../src/complaints/complaint-intake.js';
import type { ActionContext } from '../../src/core/action-types.js';
import { translator } from './chat-driver.js';
import { memoryLogger } from './complaint-test-kit.js';

describe('status reply date', () => {
  it('shows the day in HOTLINE_TIMEZONE', async () => {
    // 29 Nov 20:30 UTC is already 30 Nov 03:30 in Jakarta.
    const cases = {
      checkStatus: async () => ({
        outcome: 'found',
        ticket: 'ADU-7K3Q9X2M',
        status: 'in_review',
        category: 'unpaid_wages',
        updatedAt: '2026-11-29T20:30:00.000Z',
      }),
    } as unknown as CaseStore;
    const reply = async (timeZone: string) => {
      const actions = createComplaintActions({
        intake: {} as ComplaintIntake,
        cases,
        t: translator.t,
        logger: memoryLogger().logger,
        timeZone,
      });
      const ctx = {
        channel: 'telegram',
        userId: 'owner',
        lang: 'id',
        now: Date.now(),
        slots: {},
        params: { ticket: 'ADU-7K3Q9X2M', pin: '', mode: 'typed' },
      } as unknown as ActionContext;
      const result = await actions.checkComplaintStatus(ctx);
      const item = result.say?.[0];
      return item && typeof item === 'object' ? translator.t('id', item.key, item.params) : '';
    };
    expect(await reply('Asia/Jakarta')).toMatch(/Terakhir diperbarui: 30 Nov 2026\.$/);
    expect(await reply('UTC')).toMatch(/Terakhir diperbarui: 29 Nov 2026\.$/);
  });
});
