import { describe, expect, it } from 'vitest';
import { pseudonymOf } from '../../src/handover/pseudonym.js';

describe('pseudonymOf', () => {
  it('is stable, short and readable', () => {
    const a = pseudonymOf('telegram', '123456789', 's3cret');
    expect(a).toMatch(/^PMI-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(pseudonymOf('telegram', '123456789', 's3cret')).toBe(a);
  });

  it('depends on channel, user and secret', () => {
    const a = pseudonymOf('telegram', '123456789', 's3cret');
    expect(pseudonymOf('whatsapp', '123456789', 's3cret')).not.toBe(a);
    expect(pseudonymOf('telegram', '123456780', 's3cret')).not.toBe(a);
    expect(pseudonymOf('telegram', '123456789', 'other')).not.toBe(a);
  });

  it('never contains the id and rarely collides', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const p = pseudonymOf('whatsapp', `62812${String(i).padStart(7, '0')}@c.us`, 'k');
      expect(p).not.toContain('62812');
      seen.add(p);
    }
    expect(seen.size).toBeGreaterThanOrEqual(4995);
  });
});
