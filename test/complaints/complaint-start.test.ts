/**
 * How a complaint starts, through the whole bot with the real understanding: the menu's own
 * words open the complaint, and a message that names no problem gets the list of problems
 * instead of a guessed one ("Sepertinya masalahnya: Kekerasan. Betul?").
 */
import { describe, expect, it } from 'vitest';
import { withWholeBot } from '../../src/eval/whole-bot.js';

describe('starting a complaint', () => {
  it('opens the complaint at the list of problems for the menu words, and pre-fills only a named problem', async () => {
    await withWholeBot({ ...process.env, LOG_LEVEL: 'silent' }, async (bot) => {
      for (const text of ['lapor masalah', 'Lapor masalah', 'saya mau lapor masalah', 'lapor', 'mau buat pengaduan']) {
        const r = await bot.askFresh(text);
        expect(r.state, text).toMatchObject({ flow: 'complaint', node: 'ask-category', intent: 'complaint.new' });
        expect(r.replies.map((m) => m.text).join('\n'), text).not.toMatch(/Sepertinya masalahnya/);
      }
      const named = await bot.askFresh('saya mau lapor, gaji saya belum dibayar 3 bulan');
      expect(named.state).toMatchObject({ flow: 'complaint', node: 'confirm-category' });
      expect(named.replies.at(-1)?.text).toBe('Sepertinya masalahnya: Gaji tidak dibayar. Betul?');
    });
  }, 60_000);
});
