import { describe, expect, it } from 'vitest';
import { createHotlineClock } from '../../src/handover/hotline-hours.js';
import type { HandoverRecord } from '../../src/handover/relay-store.js';
import { createStaffTexts } from '../../src/handover/staff-texts.js';
import { translator } from '../helpers/engine-fixtures.js';

const clock = createHotlineClock('24/7', 'Asia/Jakarta');
const texts = createStaffTexts({ t: translator.t, missingIn: translator.missingIn, lang: 'id', clock });
const record: HandoverRecord = {
  pseudonym: 'PMI-ABC123',
  channel: 'telegram',
  lang: 'id',
  reason: 'emergency',
  urgent: true,
  since: Date.UTC(2026, 11, 6, 3),
  status: 'active',
  lastActivityAt: Date.UTC(2026, 11, 6, 3),
  outOfHours: false,
};

describe('staff card: what staff triage by', () => {
  it('shows the urgent category and a visible suicide-risk flag', () => {
    const card = texts.card({ ...record, category: 'other', suicide: true }, [], false);
    expect(card).toContain(translator.t('id', 'staff.card.category', { category: 'Lainnya' }).slice(0, 9));
    expect(card).toContain(translator.t('id', 'staff.card.suicide'));
    expect(texts.topicName({ ...record, suicide: true })).toMatch(/^🔴 🆘 PMI-ABC123/);
  });

  it('names the category of an ongoing assault, and says a voice note started it', () => {
    const card = texts.card({ ...record, category: 'sexual_abuse', media: 'voice' }, [], false);
    expect(card).toContain(translator.t('id', 'complaint.category.sexual_abuse'));
    expect(card).toContain(translator.t('id', 'staff.media.voice'));
    expect(card).not.toContain(translator.t('id', 'staff.card.suicide'));
  });
});
