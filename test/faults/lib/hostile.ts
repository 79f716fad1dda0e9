/**
 * Hostile inputs, reproducible from a seed: random bytes and code units, 100 KB texts,
 * control, zero-width and bidi characters, Markdown/HTML/template injection, numbers where
 * text is expected, emoji only, ticket look-alikes, media and locations where they make no
 * sense. Each input is the content part of an `IncomingMessage`.
 */
import type { IncomingMessage } from '../../../src/core/messages.js';

export type HostileContent = Pick<IncomingMessage, 'text' | 'choiceId' | 'media' | 'location'>;

export interface Rng {
  next(): number;
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
}

/** mulberry32: small, fast, good enough to make the run repeatable. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (list) => list[Math.floor(next() * list.length)] as never };
}

const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).concat(['\u007f', '\u0085', '\u009b']);
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e', '\u034f'];
const BIDI = [
  '\u202e',
  '\u202d',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200f',
  '\u200e',
];
const EMOJI = ['😀', '🙏', '😭', '👍🏽', '🇮🇩', '🇹🇼', '👨‍👩‍👧‍👦', '❤️', '🔥', '🏳️‍🌈', '🤲🏾', '💸', '🆘'];
const WORDS = [
  'gaji',
  'saya',
  'belum',
  'dibayar',
  'paspor',
  'ditahan',
  'majikan',
  'tolong',
  'PT',
  'agensi',
  'lapor',
  'cek',
  'status',
  'menu',
  'batal',
  'bantuan',
  'ya',
  'tidak',
  'Taiwan',
  'Hong Kong',
];
const INJECTIONS = [
  '*bold* _italic_ `code` ```block``` ~strike~ ||spoiler||',
  '[klik](javascript:alert(1)) [x](tg://user?id=1)',
  '<b>tebal</b> <i>miring</i> <a href="https://evil.example">link</a>',
  '<script>alert(1)</script>',
  '&lt;&gt;&amp;&quot; &#x202e; &#0;',
  '{{ticket}} {{pin}} {{max}}',
  '$t(common.yes) $t(complaint.submitted)',
  '%s %d %n %x %%',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is the attack.
  '${process.exit(1)}',
  '__proto__',
  'constructor',
  '{"v":1,"mode":"human","flowId":"complaint"}',
  "'; DROP TABLE cases; --",
  '*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$1\r\ny\r\n',
  '\r\nFLUSHALL\r\n',
  '../../../../etc/passwd',
  'ADU-00000000',
  'cek status ADU-IIIIIIII',
  'cek status ADU-7K3Q9X2M 000000',
  '/start payload-\u202eevil',
  '/menu@SomeOtherBot',
  '/hapus',
];
const NUMBERS = [
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '99999999999999999999999',
  '1/0',
  '0x1F',
  '3.14',
  '-0',
  '١٢٣',
  '１２３',
];
const DATES = ['31/02/2025', '00/00/0000', '9999-99-99', 'kemarin lusa besok', '1970-01-01T00:00:00Z', '32 Desember'];

function randomCodeUnits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(rng.int(0x10000));
  return s;
}

function randomBytesAsUtf8(rng: Rng, n: number): string {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = rng.int(256);
  return bytes.toString('utf8');
}

function sprinkle(rng: Rng, base: string, chars: readonly string[], count: number): string {
  let s = base;
  for (let i = 0; i < count; i++) {
    const at = rng.int(s.length + 1);
    s = s.slice(0, at) + rng.pick(chars) + s.slice(at);
  }
  return s;
}

function sentence(rng: Rng, words: number): string {
  return Array.from({ length: words }, () => rng.pick(WORDS)).join(' ');
}

export const HOSTILE_KINDS = [
  'random-code-units',
  'random-bytes',
  'huge-100kb',
  'just-over-limit',
  'control',
  'zero-width',
  'bidi',
  'injection',
  'number',
  'date',
  'emoji-only',
  'whitespace',
  'zalgo',
  'media',
  'location',
  'stray-choice',
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

export function hostileInput(rng: Rng, kind: HostileKind, maxLength: number): HostileContent {
  switch (kind) {
    case 'random-code-units':
      return { text: randomCodeUnits(rng, 1 + rng.int(300)) };
    case 'random-bytes':
      return { text: randomBytesAsUtf8(rng, 1 + rng.int(600)) };
    case 'huge-100kb':
      return { text: rng.next() < 0.5 ? sentence(rng, 1).repeat(102_400 / 4) : randomCodeUnits(rng, 102_400) };
    case 'just-over-limit':
      return { text: 'a'.repeat(maxLength + rng.int(3) - 1) };
    case 'control':
      return { text: sprinkle(rng, sentence(rng, 3 + rng.int(5)), CONTROL, 1 + rng.int(20)) };
    case 'zero-width':
      return { text: sprinkle(rng, rng.pick(WORDS), INVISIBLE, 1 + rng.int(10)) };
    case 'bidi':
      return { text: sprinkle(rng, sentence(rng, 2 + rng.int(6)), BIDI, 1 + rng.int(6)) };
    case 'injection':
      return { text: rng.pick(INJECTIONS) };
    case 'number':
      return { text: rng.pick(NUMBERS) };
    case 'date':
      return { text: rng.pick(DATES) };
    case 'emoji-only':
      return { text: Array.from({ length: 1 + rng.int(40) }, () => rng.pick(EMOJI)).join('') };
    case 'whitespace':
      return { text: rng.pick([' ', '\n\n\n', '\t', '\u00a0\u3000', '', ' '.repeat(5000)]) };
    case 'zalgo':
      return {
        text: sprinkle(
          rng,
          sentence(rng, 3),
          Array.from({ length: 112 }, (_, i) => String.fromCharCode(0x300 + i)),
          200,
        ),
      };
    case 'media':
      return {
        ...(rng.next() < 0.5 ? { text: rng.pick(INJECTIONS) } : {}),
        media: {
          kind: rng.pick(['photo', 'document', 'voice', 'audio', 'video', 'sticker', 'other'] as const),
          ref: randomCodeUnits(rng, 1 + rng.int(200)).replace(/[\ud800-\udfff]/g, 'x') || 'x',
          ...(rng.next() < 0.5 ? { fileName: `\u202egpj.exe${rng.pick(INJECTIONS).slice(0, 100)}` } : {}),
          ...(rng.next() < 0.5 ? { mimeType: 'application/x-msdownload' } : {}),
          size: rng.pick([0, 1, 20 * 1024 * 1024 + 1, Number.MAX_SAFE_INTEGER]),
        },
      };
    case 'location':
      return { location: { latitude: rng.pick([90, -90, 0, 25.03]), longitude: rng.pick([180, -180, 0, 121.5]) } };
    case 'stray-choice':
      return {
        choiceId: rng.pick(['send', 'cancel', 'x'.repeat(64), '__proto__', '1', 'unpaid_wages']),
        text: rng.pick(['', 'ya', '1']),
      };
  }
}
