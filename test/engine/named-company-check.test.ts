/**
 * An agency check a little short of sure acts when the message names the company by its legal
 * form; without the name, the same confidence is not enough.
 */
import { describe, expect, it } from 'vitest';
import type { StepDeps } from '../../src/engine/engine-types.js';
import { step } from '../../src/engine/step.js';
import { fakeDeps, fresh, msg, repoFlows } from '../helpers/engine-fixtures.js';

const flows = repoFlows();
const T0 = Date.UTC(2026, 11, 7, 3);

const unsureCheck =
  (company: boolean): StepDeps['classify'] =>
  (text) => ({
    intent: 'agency.check',
    confidence: 0.45,
    ranked: [
      { intent: 'agency.check', score: 0.45 },
      { intent: 'complaint.new', score: 0.35 },
    ],
    entities: company ? { company: true } : {},
    normalized: text,
  });

describe('an unsure agency check', () => {
  it('checks the company when the message names it by its legal form', () => {
    const r = step(
      flows,
      fresh(),
      { type: 'message', message: msg('PT Sumber Rezeki minta 40jt lagi 😤') },
      fakeDeps(T0, {}, { classify: unsureCheck(true) }),
    );
    expect(r.session.flowId).toBe('agency-check');
  });

  it('does not act on the same confidence without a company name', () => {
    const r = step(
      flows,
      fresh(),
      { type: 'message', message: msg('minta 40jt lagi 😤') },
      fakeDeps(T0, {}, { classify: unsureCheck(false) }),
    );
    expect(r.session.flowId).not.toBe('agency-check');
  });
});
