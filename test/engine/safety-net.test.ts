import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../src/core/messages.js';
import type { StepDeps, StepResult } from '../../src/engine/engine-types.js';
import type { Session } from '../../src/engine/session.js';
import { step } from '../../src/engine/step.js';
import type { NluResult } from '../../src/nlu/nlu-types.js';
import { fakeDeps, fresh, msg, repoFlows, translator } from '../helpers/engine-fixtures.js';

const flows = repoFlows();
const NOW = Date.UTC(2026, 10, 29, 3);
const deps = fakeDeps(NOW);
const t = (key: string, params?: Record<string, string | number>) => translator.t('id', key, params);
/** The first of the fake emergency lines (see engine-fixtures): proof the numbers are in a reply. */
const LINE = t('handover.requested');
const say = (s: Session, text: string, d: StepDeps = deps, extra: Partial<IncomingMessage> = {}): StepResult =>
  step(flows, s, { type: 'message', message: msg(text, extra) }, d);
const texts = (r: StepResult) => r.replies.map((m) => m.text).join('\n');
const escalated = (r: StepResult) => r.effects.find((e) => e.type === 'handover');

describe('safety net: the check question', () => {
  it('asks whether the person is in danger, with the emergency lines in the same reply', () => {
    const r = say(fresh(), 'gaji belum dibayar, ragu2 apa bahaya kah');
    expect(r.session.flowId).toBe('safety-check');
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]?.text).toContain(t('safety.check_question', { lines: '' }).split('\n')[0] as string);
    expect(r.replies[0]?.text).toContain(LINE);
    expect(r.replies[0]?.choices?.map((c) => c.id)).toEqual(['yes', 'no']);
    expect(escalated(r)).toBeUndefined();
  });

  it('"ya" escalates as an emergency at once', () => {
    const asked = say(fresh(), 'gaji belum dibayar, ragu2 apa bahaya kah').session;
    const r = say(asked, 'ya');
    expect(r.session.mode).toBe('waiting');
    expect(escalated(r)).toMatchObject({ reason: 'emergency', urgent: true });
    expect(texts(r)).toContain(t('emergency.intro'));
  });

  it('anything but a clear "no" is read as danger, never as "not an option"', () => {
    const asked = say(fresh(), 'gaji belum dibayar, ragu2 apa bahaya kah').session;
    const r = say(asked, 'dia masih di depan pintu');
    expect(escalated(r)).toMatchObject({ reason: 'emergency', urgent: true });
    expect(texts(r)).not.toContain(t('common.retry.choice'));
  });

  it('"tidak" or "aman kok" goes on with what the first message asked for', () => {
    for (const answer of ['tidak', 'aman kok']) {
      const asked = say(fresh(), 'gaji belum dibayar, ragu2 apa bahaya kah').session;
      const r = say(asked, answer);
      expect(escalated(r)).toBeUndefined();
      expect(texts(r)).toContain(t('safety.glad'));
      expect(r.session.flowId).toBe('complaint');
      expect(r.session.mode).toBe('bot');
    }
  });
});

describe('safety net: words of fear', () => {
  it('"sy takut" at the menu gets the check question, not "not one of the options"', () => {
    const menu = say(fresh(), 'menu').session;
    const r = say(menu, 'sy takut');
    expect(r.session.flowId).toBe('safety-check');
    expect(texts(r)).not.toContain(t('common.retry.choice'));
    expect(texts(r)).toContain(LINE);
  });

  it('a crying emoji alone gets the check question, not "did not understand"', () => {
    const r = say(fresh(), '😭😭');
    expect(r.session.flowId).toBe('safety-check');
    expect(texts(r)).not.toContain(t('fallback.rephrase'));
  });

  it('inside a form: a gentle check and the same question again, and nothing typed is lost', () => {
    let s = say(fresh(), 'menu').session;
    s = say(s, '3').session; // Lapor masalah: the flow waits for prepareComplaint, run here by hand
    const draft = { id: 'c1', ticket: 'ADU-7K3Q9X2M', pin: '123456', categoryKnown: false, categoryLabel: '' };
    s = step(flows, s, { type: 'actionResult', result: { outcome: 'ok', value: draft } }, deps).session;
    s = say(s, '1').session; // a category; now the reporter question
    const before = { ...s.slots };
    const node = s.node;
    const r = say(s, 'aduh takut');
    expect(texts(r)).toContain(t('safety.gentle_check', { lines: LINE }).split('\n')[0] as string);
    expect(texts(r)).toContain(LINE);
    expect(r.session.flowId).toBe('complaint');
    expect(r.session.node).toBe(node);
    expect(r.session.slots).toMatchObject(before);
  });
});

describe('safety net: the emergency reply', () => {
  it('gives relatives advice for relatives, and asks for the country in one tap', () => {
    const r = say(fresh(), 'kakak saya dipukul majikan');
    expect(texts(r)).toContain(t('emergency.for_relatives'));
    const last = r.replies[r.replies.length - 1];
    expect(last?.choices?.map((c) => c.id)).toEqual(['HK', 'TW', 'MY', 'SG', 'SA', 'KR', 'JP', 'AE']);
  });

  it('gives the country lines once the person names the country, and still relays it to staff', () => {
    const asked = say(fresh(), 'saya dipukul majikan').session;
    expect(asked.node).toBe('ask-country');
    const r = say(asked, 'taiwan');
    expect(texts(r)).toContain(t('emergency.local_contacts'));
    expect(texts(r)).toContain(translator.t('id', 'language.english'));
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'relay' }));
    expect(r.session.mode).toBe('waiting');
  });

  it('puts the category and the suicide flag on the handover for staff', () => {
    const r = say(fresh(), 'aku mau bunuh diri');
    expect(escalated(r)).toMatchObject({ urgent: true, category: 'other', suicide: true });
    expect(r.session.handover).toMatchObject({ category: 'other', suicide: true });
    expect(texts(r)).toContain(t('smalltalk.thanks'));
  });

  it('hands a photo to staff with a short reply and the numbers', () => {
    const r = say(fresh(), '', deps, { text: undefined, media: { kind: 'photo', ref: 'p1' } });
    expect(escalated(r)).toMatchObject({ reason: 'media', media: 'photo', urgent: false });
    expect(texts(r)).toContain(LINE);
  });
});

describe('never silent while waiting', () => {
  const waiting = () => say(fresh(), 'minta petugas').session;

  it('acknowledges the first later message honestly, then stays quiet for a few minutes', () => {
    const s = { ...waiting(), handover: { ...(waiting().handover as NonNullable<Session['handover']>) } };
    delete s.handover.noticeAt;
    const first = say(s, 'halo? ada orang?');
    expect(texts(first)).toContain(t('handover.ack_open', { minutes: 15, lines: LINE }).split('\n')[0] as string);
    expect(first.effects).toContainEqual(expect.objectContaining({ type: 'relay' }));
    const second = say(first.session, 'halo??');
    expect(second.replies).toEqual([]);
    const later = say(second.session, 'halo???', fakeDeps(NOW + 6 * 60_000));
    expect(texts(later)).toContain(t('handover.reminder_open', { lines: LINE }).split('\n')[0] as string);
  });

  it('gives the numbers again at once when the person is afraid', () => {
    const r = say(waiting(), 'saya takut sekali');
    expect(texts(r)).toContain(LINE);
  });

  it('says when staff are back when they are off duty', () => {
    const s = waiting();
    const closed = fakeDeps(
      NOW,
      {},
      {
        hotline: () => ({ open: false, waitMinutes: 15, opensAt: 'Senin 08.00', hours: '08:00-20:00' }),
      },
    );
    const r = say(
      { ...s, handover: { ...(s.handover as NonNullable<Session['handover']>), noticeAt: 0 } },
      'halo',
      closed,
    );
    expect(texts(r)).toContain('Senin 08.00');
    expect(texts(r)).toContain(LINE);
  });

  it('stays silent once staff hold the conversation', () => {
    const s = { ...waiting(), mode: 'human' as const };
    expect(say(s, 'halo? ada orang?').replies).toEqual([]);
    expect(say(s, 'saya takut').replies).toEqual([]);
  });
});

describe('no staff console', () => {
  const noConsole = fakeDeps(NOW, { staffConsole: false });

  it('gives the numbers instead of a wait nobody would end, and says so', () => {
    const r = say(fresh(), 'saya dipukul majikan', noConsole);
    expect(r.session.mode).toBe('bot');
    expect(escalated(r)).toMatchObject({ reason: 'emergency', urgent: true });
    expect(texts(r)).toContain(LINE);
    expect(texts(r)).toContain(t('handover.no_staff_console_above'));
  });

  it('answers "halo? ada orang?" afterwards with the truth and the numbers', () => {
    const after = say(fresh(), 'saya dipukul majikan', noConsole).session;
    const r = say({ ...after, flowId: null, node: null, awaiting: null }, 'halo? ada orang?', noConsole);
    expect(texts(r)).toContain(t('handover.no_staff_console_again', { lines: '' }).split('\n')[0] as string);
    expect(texts(r)).toContain(LINE);
  });
});

describe('language', () => {
  it('answers in English when the person writes English, unless they chose a language', () => {
    const r = say(fresh(), 'i am beaten by my employer');
    expect(r.session.lang).toBe('en');
    expect(texts(r)).toContain(translator.t('en', 'emergency.intro'));
    const chosen = { ...fresh(), prefs: { quiet: false, langAuto: false } };
    expect(say(chosen, 'i am beaten by my employer').session.lang).toBe('id');
  });
});

/**
 * Deps whose understanding reads every message as a complaint on a destination topic that only
 * the danger model was unsure about (safetyCheck), with `extra` on top.
 */
const unsureComplaint =
  (confidence: number, entitiesOf: (text: string) => NluResult['entities']) =>
  (extra: Partial<NluResult> = {}) =>
    fakeDeps(
      NOW,
      {},
      {
        classify: (text) => ({
          intent: 'complaint.new',
          confidence,
          ranked: [{ intent: 'complaint.new', score: confidence }],
          entities: entitiesOf(text),
          normalized: text.toLowerCase(),
          safetyCheck: true,
          ...extra,
        }),
      },
    );

describe('safety net: a question on the rule', () => {
  /** The danger model unsure about "boss says he'll be deported if he asks the job center, true?". */
  const ruleQuestion = unsureComplaint(0.3, (text) => ({
    country: 'KR',
    topics: ['change_employer', 'visa'],
    ...(text.includes('?') ? { yesno: true } : {}),
  }));
  const text = 'boss says he can never change workplace and will be deported if he asks. true?';

  it('gets the rule when only the danger model was unsure', () => {
    const r = say(fresh(), text, ruleQuestion());
    expect(r.session.flowId).toBe('answers');
  });

  it('still gets the check question with a harm the rules found, a word of fear, or no question', () => {
    expect(say(fresh(), text, ruleQuestion({ hazard: true })).session.flowId).toBe('safety-check');
    expect(say(fresh(), text, ruleQuestion({ distress: true })).session.flowId).toBe('safety-check');
    expect(say(fresh(), text.replace(' true?', ''), ruleQuestion()).session.flowId).toBe('safety-check');
  });
});

describe('safety net: a report of what the employer claims the law is', () => {
  const claimDeps = unsureComplaint(0.7, () => ({
    country: 'QA',
    topics: ['rest_day'],
    category: 'overwork_no_rest',
    claim: true,
  }));
  const text = 'my sister works every day without rest, her employer says maids are not covered by the law';

  it('gets the rule (and then the complaint offer), not the check question', () => {
    expect(say(fresh(), text, claimDeps()).session.flowId).toBe('answers');
  });

  it('still gets the check question when the rules found a harm', () => {
    expect(say(fresh(), text, claimDeps({ hazard: true })).session.flowId).toBe('safety-check');
  });
});
