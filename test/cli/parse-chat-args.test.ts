import { describe, expect, it } from 'vitest';
import { parseChatArgs } from '../../src/cli/parse-chat-args.js';

describe('parseChatArgs', () => {
  it('reads --script, --user, --reset and --http', () => {
    expect(parseChatArgs(['--script', 'a.txt', '--user', 'u-1', '--reset'])).toEqual({
      ok: true,
      args: { script: 'a.txt', user: 'u-1', reset: true, http: false },
    });
    expect(parseChatArgs([])).toEqual({ ok: true, args: { user: 'console-user', reset: false, http: false } });
    expect(parseChatArgs(['--http'])).toMatchObject({ ok: true, args: { http: true } });
  });

  it('explains bad arguments', () => {
    expect(parseChatArgs(['--script'])).toEqual({ ok: false, problem: '--script needs a value' });
    expect(parseChatArgs(['--bogus']).ok).toBe(false);
    expect(parseChatArgs(['--user', 'a b']).ok).toBe(false);
  });
});
