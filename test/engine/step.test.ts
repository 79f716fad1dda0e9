import { describe, expect, it } from 'vitest';
import type { Flow } from '../../src/engine/flow-schema.js';
import { step } from '../../src/engine/step.js';
import { fakeDeps, fresh, msg, repoFlows, translator } from '../helpers/engine-fixtures.js';

const flows = repoFlows();
const deps = fakeDeps();
const t = (key: string, lang: 'id' | 'en' = 'id') => translator.t(lang, key);

describe('step: menu and globals', () => {
  it('greets with the welcome and the numbered menu', () => {
    const r = step(flows, fresh(), { type: 'message', message: msg('halo') }, deps);
    expect(r.intent).toBe('greeting');
    expect(r.replies[0]?.text).toBe(t('menu.welcome'));
    expect(r.replies[1]?.choices?.map((c) => c.id)).toEqual([
      'info',
      'agency',
      'complaint',
      'status',
      'human',
      'language',
      'privacy',
    ]);
    expect(r.session.node).toBe('menu');
    expect(r.session.awaiting).toBe('answer');
  });

  it('accepts a menu choice as number, label or misspelt label', () => {
    const menu = step(flows, fresh(), { type: 'message', message: msg('menu') }, deps).session;
    for (const answer of ['6', 'Bahasa / Language', 'bahasa languag']) {
      const r = step(flows, menu, { type: 'message', message: msg(answer) }, deps);
      expect(r.session.flowId, answer).toBe('language');
      expect(r.intent).toBeNull();
    }
  });

  it('switches language per user and renders the next texts in it', () => {
    const r = step(flows, fresh(), { type: 'message', message: msg('english please') }, deps);
    expect(r.session.lang).toBe('en');
    expect(r.replies[0]?.text).toBe(t('language.changed', 'en'));
    expect(r.replies[1]?.text).toBe(t('menu.prompt', 'en'));
  });

  it('cancels in the middle of a form and shows the menu', () => {
    const lang = step(flows, fresh(), { type: 'message', message: msg('ganti bahasa') }, deps).session;
    expect(lang.flowId).toBe('language');
    const r = step(flows, lang, { type: 'message', message: msg('batal') }, deps);
    expect(r.intent).toBe('cancel');
    expect(r.session.flowId).toBe('main-menu');
  });
});

describe('step: emergency', () => {
  it('always wins, gives contacts in the same reply and waits for staff', () => {
    const lang = step(flows, fresh(), { type: 'message', message: msg('ganti bahasa') }, deps).session;
    const r = step(flows, lang, { type: 'message', message: msg('tolong darurat saya dipukul majikan') }, deps);
    expect(r.intent).toBe('emergency');
    expect(r.session.mode).toBe('waiting');
    // Contacts in the first message, then the honest word about the wait, then the country in one tap.
    expect(r.replies[0]?.text).toContain(t('emergency.intro'));
    expect(r.replies[0]?.text).toContain(t('handover.requested'));
    expect(r.replies[1]?.text).toBe(translator.t('id', 'handover.queued', { minutes: 15 }));
    expect(r.replies[2]?.choices?.map((c) => c.id)).toContain('HK');
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'handover', urgent: true, emergency: true }));
  });

  it('adds suicide-specific contacts', () => {
    const r = step(flows, fresh(), { type: 'message', message: msg('aku mau bunuh diri') }, deps);
    expect(r.replies[0]?.text).toContain(t('smalltalk.thanks'));
  });
});

describe('step: staff modes', () => {
  it('relays and stays silent while waiting or human', () => {
    const waiting = step(flows, fresh(), { type: 'message', message: msg('mau bicara dengan petugas') }, deps).session;
    expect(waiting.mode).toBe('waiting');
    for (const mode of ['waiting', 'human'] as const) {
      const s = { ...waiting, mode };
      const r = step(flows, s, { type: 'message', message: msg('halo') }, deps);
      expect(r.replies).toEqual([]);
      expect(r.effects).toEqual([expect.objectContaining({ type: 'relay', urgent: false })]);
      expect(r.session.mode).toBe(mode);
    }
  });

  it('lets the user cancel while still waiting, not while a person holds it', () => {
    const waiting = step(flows, fresh(), { type: 'message', message: msg('admin') }, deps).session;
    expect(step(flows, waiting, { type: 'message', message: msg('batal') }, deps).session.mode).toBe('bot');
    expect(
      step(flows, { ...waiting, mode: 'human' }, { type: 'message', message: msg('batal') }, deps).session.mode,
    ).toBe('human');
  });

  it('comes back to the bot when staff close', () => {
    const waiting = step(flows, fresh(), { type: 'message', message: msg('admin') }, deps).session;
    const r = step(flows, { ...waiting, mode: 'human' }, { type: 'handoverClosed' }, deps);
    expect(r.session.mode).toBe('bot');
    expect(r.replies[0]?.text).toBe(t('handover.closed_user'));
  });
});

describe('step: did-not-understand ladder', () => {
  it('asks to rephrase, then offers the menu, then offers a person', () => {
    let s = fresh();
    const r1 = step(flows, s, { type: 'message', message: msg('qwerty asdf') }, deps);
    expect(r1.replies[0]?.text).toBe(t('fallback.rephrase'));
    expect(r1.effects).toContainEqual({ type: 'unanswered', text: 'qwerty asdf', lang: 'id' });
    s = r1.session;
    const r2 = step(flows, s, { type: 'message', message: msg('zxcv') }, deps);
    expect(r2.replies[0]?.text).toBe(t('fallback.offer_menu'));
    expect(r2.session.node).toBe('menu');
    const r3 = step(flows, r2.session, { type: 'message', message: msg('lkjh poiu') }, deps);
    // In the menu an unknown answer is re-asked first, the ladder counts free questions.
    expect(r3.replies[0]?.text).toContain(t('common.retry.choice'));
    const idle = { ...r2.session, flowId: null, node: null, awaiting: null };
    const r4 = step(flows, idle, { type: 'message', message: msg('lkjh poiu') }, deps);
    expect(r4.replies[0]?.text).toBe(t('fallback.offer_human'));
    const r5 = step(flows, r4.session, { type: 'message', message: msg('ya') }, deps);
    expect(r5.session.mode).toBe('waiting');
    expect(r5.effects).toContainEqual(expect.objectContaining({ type: 'handover', reason: 'not_understood' }));
  });
});

describe('step: bad input', () => {
  it('refuses an over-long message without touching the form', () => {
    const lang = step(flows, fresh(), { type: 'message', message: msg('ganti bahasa') }, deps).session;
    const r = step(flows, lang, { type: 'message', message: msg('x'.repeat(50_000)) }, deps);
    expect(r.replies[0]?.text).toBe(translator.t('id', 'common.too_long', { max: 4000 }));
    expect({ ...r.session, updatedAt: 0 }).toEqual({ ...lang, updatedAt: 0 });
  });

  it.each([
    ['empty', ''],
    ['control and zero-width only', '\u0000\u200b\u202e\u0007'],
    ['emoji only', '🙏🙏😭'],
    ['right-to-left text', 'مرحبا كيف حالك'],
    ['binary', Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xd8]).toString('latin1')],
  ])('answers %s with a clear message', (_name, text) => {
    const r = step(flows, fresh(), { type: 'message', message: msg(text) }, deps);
    expect(r.replies.length).toBeGreaterThan(0);
    for (const reply of r.replies) expect(reply.text.length).toBeGreaterThan(0);
  });

  it('hands a voice note to staff (the person may not be able to type), and asks to type for a sticker', () => {
    const voice = step(
      flows,
      fresh(),
      { type: 'message', message: msg('', { text: undefined, media: { kind: 'voice', ref: 'v1' } }) },
      deps,
    );
    expect(voice.replies[0]?.text).toContain(translator.t('id', 'handover.media_received', { lines: '' }).slice(0, 40));
    expect(voice.session.mode).toBe('waiting');
    expect(voice.effects).toContainEqual(
      expect.objectContaining({ type: 'handover', reason: 'media', media: 'voice' }),
    );
    const sticker = step(
      flows,
      fresh(),
      { type: 'message', message: msg('', { text: undefined, media: { kind: 'sticker', ref: 's1' } }) },
      deps,
    );
    expect(sticker.replies[0]?.text).toBe(t('common.please_type'));
  });

  it('drops an expired form politely', () => {
    const lang = step(flows, fresh(), { type: 'message', message: msg('ganti bahasa') }, deps).session;
    const later = fakeDeps(lang.updatedAt + 25 * 3600_000);
    const r = step(flows, lang, { type: 'message', message: msg('1') }, later);
    expect(r.replies[0]?.text).toBe(t('common.form_expired'));
  });

  it('resets with an apology when the flow changed under the session', () => {
    const lang = step(flows, fresh(), { type: 'message', message: msg('ganti bahasa') }, deps).session;
    const changed = new Map(flows);
    changed.set('language', { ...(flows.get('language') as Flow), version: 2 });
    const r = step(changed, lang, { type: 'message', message: msg('1') }, deps);
    expect(r.replies[0]?.text).toBe(t('common.flow_updated'));
  });

  it('escalates discreetly on the code word', () => {
    const d = fakeDeps(undefined, { codeWord: 'Resep Rendang' });
    const r = step(flows, fresh(), { type: 'message', message: msg('resep rendang!') }, d);
    expect(r.replies).toEqual([{ text: t('common.discreet_ack') }]);
    expect(r.session.mode).toBe('waiting');
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'handover', urgent: true, reason: 'code_word' }));
  });

  it('never mutates the input session', () => {
    const s = fresh();
    const copy = structuredClone(s);
    step(flows, s, { type: 'message', message: msg('halo') }, deps);
    expect(s).toEqual(copy);
  });
});
