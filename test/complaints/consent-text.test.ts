/** The consent says what is kept, who sees it, for how long (RETENTION_DAYS) and how to delete it. */
import { describe, expect, it } from 'vitest';
import { createComplaintActions } from '../../src/complaints/complaint-actions.js';
import type { ActionContext } from '../../src/core/action-types.js';
import { step } from '../../src/engine/step.js';
import { fakeDeps, fresh, msg, repoFlows, translator } from '../helpers/engine-fixtures.js';
import { memoryLogger } from './complaint-test-kit.js';

const flows = repoFlows();

describe('complaint consent', () => {
  it.each([
    ['id', /cerita Anda/, /KP2MI/, /90 hari/, /hapus data saya/],
    ['en', /your story/, /KP2MI/, /90 days/, /delete my data/],
  ] as const)('in %s names what, who, how long and how to delete', (lang, what, who, long, del) => {
    const text = translator.t(lang, 'complaint.consent', { days: 90 });
    for (const re of [what, who, long, del]) expect(text).toMatch(re);
  });

  it('the consent question renders RETENTION_DAYS from the prepared draft', async () => {
    const actions = createComplaintActions({
      intake: {} as never,
      cases: {} as never,
      t: translator.t,
      logger: memoryLogger().logger,
      retentionDays: 90,
    });
    const prepared = await actions.prepareComplaint({ slots: {}, lang: 'id' } as unknown as ActionContext);
    expect(prepared.value).toMatchObject({ retentionDays: 90 });
    const s = {
      ...fresh(),
      flowId: 'complaint',
      flowVersion: flows.get('complaint')?.version ?? 1,
      node: 'ask-consent',
      awaiting: 'answer' as const,
      slots: { draft: prepared.value },
    };
    // An answer that is not one re-asks the question with its parameters.
    const r = step(flows, s, { type: 'message', message: msg('hmm') }, fakeDeps());
    expect(r.replies.map((m) => m.text).join('\n')).toContain('90 hari');
  });
});
