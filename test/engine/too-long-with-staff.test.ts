/** A message over the length limit while staff hold the conversation is relayed (cut) and answered. */
import { describe, expect, it } from 'vitest';
import { step } from '../../src/engine/step.js';
import { fakeDeps, fresh, msg, repoFlows, translator } from '../helpers/engine-fixtures.js';

const flows = repoFlows();
const d = fakeDeps();
const long = `${'Majikan saya tidak membayar gaji. '.repeat(150)}`;

describe('too long while with staff', () => {
  it.each(['waiting', 'human'] as const)('in %s mode staff get the beginning and the user is told', (mode) => {
    const s = { ...fresh(), mode, handover: { reason: 'user_request', urgent: false, since: 0, contactsShown: true } };
    const r = step(flows, s, { type: 'message', message: msg(long) }, d);
    const relay = r.effects.find((e) => e.type === 'relay');
    expect(relay?.type === 'relay' && relay.message.text?.length).toBeLessThanOrEqual(4002);
    expect(relay?.type === 'relay' && relay.message.text?.startsWith('Majikan saya')).toBe(true);
    expect(r.replies.map((m) => m.text)).toEqual([translator.t('id', 'handover.too_long_cut', { max: 4000 })]);
    expect(r.session.mode).toBe(mode);
  });

  it('after the code word the notice names nobody', () => {
    const s = {
      ...fresh(),
      mode: 'waiting' as const,
      handover: { reason: 'code_word', urgent: true, since: 0, contactsShown: false },
    };
    const r = step(flows, s, { type: 'message', message: msg(long) }, d);
    expect(r.replies.map((m) => m.text)).toEqual([translator.t('id', 'discreet.too_long_cut', { max: 4000 })]);
  });
});
