/** The code word is recognised however the phone's keyboard spells its spaces. */
import { describe, expect, it } from 'vitest';
import { step } from '../../src/engine/step.js';
import { fakeDeps, fresh, msg, repoFlows, translator } from '../helpers/engine-fixtures.js';

const flows = repoFlows();
const d = fakeDeps(undefined, { codeWord: 'Resep Rendang' });

describe('code word', () => {
  it.each([
    'resep\u200Brendang',
    'resep\u200B rendang',
    'resep\u00A0rendang',
    '\u200Bresep rendang\u200D',
    'RESEP  RENDANG.',
    'resep\u2060rendang',
  ])('recognises %j', (text) => {
    const r = step(flows, fresh(), { type: 'message', message: msg(text) }, d);
    expect(r.replies).toEqual([{ text: translator.t('id', 'common.discreet_ack') }]);
    expect(r.session.handover?.reason).toBe('code_word');
  });

  it('a configured code word with an invisible character still matches the plain phrase', () => {
    const odd = fakeDeps(undefined, { codeWord: 'Resep\u200B Rendang' });
    const r = step(flows, fresh(), { type: 'message', message: msg('resep rendang') }, odd);
    expect(r.session.handover?.reason).toBe('code_word');
  });

  it('does not match other words', () => {
    const r = step(flows, fresh(), { type: 'message', message: msg('resep rendang enak') }, d);
    expect(r.session.handover?.reason).not.toBe('code_word');
  });

  it('turns quiet mode on and leaves a conversation staff hold with staff', () => {
    const human = { ...fresh(), mode: 'human' as const };
    const r = step(flows, human, { type: 'message', message: msg('resep rendang') }, d);
    expect(r.session.mode).toBe('human');
    expect(r.session.prefs.quiet).toBe(true);
  });
});
