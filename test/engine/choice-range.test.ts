import { describe, expect, it } from 'vitest';
import { step } from '../../src/engine/step.js';
import type { NluResult } from '../../src/nlu/nlu-types.js';
import { fakeClassify, fakeDeps, fresh, msg, repoFlows, translator } from '../helpers/engine-fixtures.js';

const flows = repoFlows();
// The real understanding reads a lone "9" as out of scope with confidence: the bug it caused.
const outOfScope = (text: string): NluResult =>
  /^\d+$/.test(text)
    ? {
        intent: 'out_of_scope',
        confidence: 0.9,
        ranked: [{ intent: 'out_of_scope', score: 0.9 }],
        entities: {},
        normalized: text,
      }
    : fakeClassify(text);
const deps = fakeDeps(undefined, {}, { classify: outOfScope });

describe('a number that is not one of the choices', () => {
  it('gets "choose 1-N" and the same question again, not "out of scope"', () => {
    const menu = step(flows, fresh(), { type: 'message', message: msg('halo') }, deps).session;
    const r = step(flows, menu, { type: 'message', message: msg('9') }, deps);
    expect(r.replies.map((m) => m.text)).toEqual([
      translator.t('id', 'common.retry.choice_range', { number: '9', max: 7 }),
      translator.t('id', 'menu.prompt'),
    ]);
    expect(r.replies[0]?.text).toBe('Tidak ada pilihan nomor 9. Pilih 1-7.');
    expect(r.replies[1]?.choices).toHaveLength(7);
    expect(r.session).toMatchObject({ flowId: 'main-menu', node: 'menu', awaiting: 'answer' });
    // A number in range still chooses.
    expect(step(flows, r.session, { type: 'message', message: msg('3') }, deps).session.flowId).toBe('complaint');
  });

  it('uses the count of the question at hand', () => {
    const menu = step(flows, fresh(), { type: 'message', message: msg('halo') }, deps).session;
    const privacy = step(flows, menu, { type: 'message', message: msg('7') }, deps);
    expect(privacy.session.node).toBe('choose');
    const r = step(flows, privacy.session, { type: 'message', message: msg('0') }, deps);
    expect(r.replies[0]?.text).toBe('Tidak ada pilihan nomor 0. Pilih 1-3.');
    expect(r.session).toMatchObject({ flowId: 'privacy', node: 'choose' });
  });
});
