import { describe, expect, it } from 'vitest';
import type { Channel } from '../../src/core/messages.js';
import { convId, convLaneId, convOfLane, parseConvId } from '../../src/handover/relay-keys.js';

describe('relay keys and lane ids', () => {
  it('round-trips every channel, the Cloud API one included', () => {
    for (const channel of ['console', 'telegram', 'whatsapp', 'whatsapp-cloud'] as Channel[]) {
      const conv = { channel, userId: channel === 'whatsapp' ? '6281234@c.us' : '6281234:5' };
      expect(convOfLane(convLaneId(conv))).toEqual(conv);
      expect(parseConvId(convId(conv))).toEqual(conv);
    }
  });

  it('refuses unknown channels and other lanes', () => {
    expect(convOfLane('c:sms:123')).toBeNull();
    expect(convOfLane('k:ADU-1234')).toBeNull();
    expect(convOfLane('g')).toBeNull();
    expect(parseConvId(JSON.stringify(['sms', '1']))).toBeNull();
    expect(parseConvId('not json')).toBeNull();
  });
});
