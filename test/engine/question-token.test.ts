/**
 * Choices are bound to the question that offered them, and the deletion confirmation takes
 * only an explicit yes to that question.
 */
import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../src/core/messages.js';
import type { StepDeps, StepResult } from '../../src/engine/engine-types.js';
import type { Session } from '../../src/engine/session.js';
import { step } from '../../src/engine/step.js';
import { fakeClassify, fakeDeps, fresh, msg, repoFlows, translator } from '../helpers/engine-fixtures.js';

const flows = repoFlows();
const T0 = Date.UTC(2026, 10, 29, 3);
const t = (key: string) => translator.t('id', key);
// The real classifier hears "cancel" in "lanjut"; the engine must still read it as the answer.
const classify: StepDeps['classify'] = (text) =>
  /^lanjut/.test(text.toLowerCase())
    ? { intent: 'cancel', confidence: 0.9, ranked: [{ intent: 'cancel', score: 0.9 }], entities: {}, normalized: text }
    : fakeClassify(text);

let clock = T0;
function run(session: Session, message: IncomingMessage): StepResult {
  clock += 60_000;
  return step(flows, session, { type: 'message', message }, fakeDeps(clock, {}, { classify }));
}
const deletes = (r: StepResult) => r.effects.some((e) => e.type === 'action' && e.name === 'deleteMyData');
const texts = (r: StepResult) => r.replies.map((m) => m.text).join('\n');

function atDeleteQuestion(): StepResult {
  const r = run(fresh(), msg('hapus data saya'));
  expect(r.session.node).toBe('confirm');
  return r;
}

describe('choices bound to their question', () => {
  it('every question carries a fresh token, also on its buttons', () => {
    const a = run(fresh(), msg('menu'));
    const token = a.replies.at(-1)?.question;
    expect(token).toBe(a.session.question?.token);
    const b = run(a.session, msg('hapus data saya'));
    expect(b.replies.at(-1)?.question).toBe(b.session.question?.token);
    expect(b.session.question?.token).not.toBe(token);
  });

  it('a tap on Yes of an earlier question never confirms the deletion', () => {
    const menu = run(fresh(), msg('menu'));
    const old = menu.session.question?.token as string;
    const confirm = run(menu.session, msg('hapus data saya'));
    const r = run(confirm.session, msg('Ya', { choiceId: 'yes', choiceToken: old }));
    expect(deletes(r)).toBe(false);
    expect(texts(r)).toContain(t('common.question_passed'));
    expect(r.session.node).toBe('confirm');
  });

  it('a tap with no token (old keyboard, forged data) is refused; the current one is taken', () => {
    const confirm = atDeleteQuestion();
    const forged = run(confirm.session, msg('Ya', { choiceId: 'yes', choiceToken: '' }));
    expect(deletes(forged)).toBe(false);
    expect(texts(forged)).toContain(t('common.question_passed'));
    const token = forged.session.question?.token as string;
    expect(deletes(run(forged.session, msg('Ya', { choiceId: 'yes', choiceToken: token })))).toBe(true);
  });

  it('a tap when no question is open is refused', () => {
    const r = run(fresh(), msg('Ya', { choiceId: 'yes', choiceToken: 'x.y' }));
    expect(texts(r)).toBe(t('common.question_passed_menu'));
  });

  it('an edit of a message written before the question does not answer it', () => {
    const confirm = atDeleteQuestion();
    const before = (confirm.session.question?.at as number) - 120_000;
    const r = run(confirm.session, msg('ya', { editOf: before }));
    expect(deletes(r)).toBe(false);
    expect(texts(r)).toContain(t('common.question_passed'));
    const after = run(confirm.session, msg('ya', { editOf: (confirm.session.question?.at as number) + 5000 }));
    expect(deletes(after)).toBe(true);
  });

  it('channels without tokens keep working by number and words', () => {
    const confirm = atDeleteQuestion();
    expect(deletes(run(confirm.session, msg('Ya', { choiceId: 'yes' })))).toBe(true);
  });
});

describe('the deletion confirmation', () => {
  it.each(['kirim', 'ok', 'mau', 'baik', 'oke', 'siap', 'boleh', 'yo'])('%j does not confirm it', (word) => {
    const r = run(atDeleteQuestion().session, msg(word));
    expect(deletes(r)).toBe(false);
    expect(r.session.node).toBe('confirm');
    // And still not after the retry prompt.
    const again = run(r.session, msg(word));
    expect(deletes(again)).toBe(false);
  });

  it.each(['ya', 'Iya', 'lanjut', 'Lanjutkan', 'ya hapus', 'yes'])('%j confirms it', (word) => {
    expect(deletes(run(atDeleteQuestion().session, msg(word)))).toBe(true);
  });

  it('"lanjut" at "Lanjutkan?" is not read as cancel', () => {
    const r = run(atDeleteQuestion().session, msg('lanjut'));
    expect(texts(r)).not.toContain(t('common.cancelled'));
  });

  it('a no declines, and the retry prompt says how to confirm', () => {
    const r = run(atDeleteQuestion().session, msg('ok'));
    expect(texts(r)).toContain(t('common.retry.confirm_explicit'));
    const no = run(r.session, msg('tidak'));
    expect(deletes(no)).toBe(false);
    expect(texts(no)).toContain(t('privacy.kept'));
  });
});

describe('the short token of a button with a long id', () => {
  it('is accepted for the open question only', () => {
    const confirm = atDeleteQuestion();
    const token = confirm.session.question?.token as string;
    const short = token.split('.')[0] as string;
    expect(deletes(run(confirm.session, msg('Ya', { choiceId: 'yes', choiceToken: short })))).toBe(true);
    const other = `${(Number.parseInt(short, 36) + 1).toString(36)}`;
    expect(deletes(run(confirm.session, msg('Ya', { choiceId: 'yes', choiceToken: other })))).toBe(false);
  });
});
