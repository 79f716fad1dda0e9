/** Reading a form answer of each type. Pure; every parser returns a value or null. */
import type { MediaRef } from '../core/messages.js';
import { editDistance, simplify } from './text-utils.js';

export interface ChoiceOption {
  id: string;
  label: string;
}

const YES = new Set([
  'ya',
  'iya',
  'iyaa',
  'y',
  'yes',
  'yep',
  'ok',
  'oke',
  'okay',
  'okey',
  'betul',
  'benar',
  'bener',
  'setuju',
  'boleh',
  'mau',
  'lanjut',
  'siap',
  'nggih',
  'enggih',
  'inggih',
  'injih',
  'muhun',
  'sumuhun',
  'leres',
  'yoi',
  'sip',
  'yup',
  'sure',
  'baik',
  'tentu',
  'yaa',
  'ho oh',
  'hooh',
  'iya kak',
  'ya kak',
  'ya betul',
  'kirim',
]);
const NO = new Set([
  'tidak',
  'tdk',
  'gak',
  'ga',
  'gk',
  'engga',
  'enggak',
  'nggak',
  'ngga',
  'ndak',
  'nda',
  'no',
  'nope',
  'bukan',
  'jangan',
  'belum',
  'blm',
  'ora',
  'mboten',
  'henteu',
  'teu',
  'moal',
  'tidak mau',
  'gak mau',
  'ga mau',
  'nggak mau',
  'no thanks',
  'tidak usah',
  'gak usah',
  'ga usah',
  'nanti saja',
  'nanti aja',
  'batal',
]);
const SKIP = new Set([
  'lewati',
  'lewat',
  'skip',
  '-',
  'tidak ada',
  'gak ada',
  'ga ada',
  'nggak ada',
  'tdk ada',
  'none',
  'no',
  'tidak tahu',
  'gak tau',
  'ga tau',
  'nggak tahu',
  'tidak tau',
  'gatau',
  'ora ngerti',
  'teu terang',
]);
const DONE = new Set([
  'selesai',
  'sudah',
  'udah',
  'udh',
  'sdh',
  'done',
  'finish',
  'cukup',
  'lanjut',
  'next',
  'wis',
  'sampun',
  'atos',
]);

export function isSkip(text: string): boolean {
  const s = simplify(text);
  return SKIP.has(s) || text.trim() === '-';
}

export function isDone(text: string): boolean {
  return DONE.has(simplify(text));
}

export function parseYesNo(text: string): boolean | null {
  const s = simplify(text);
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  const first = s.split(' ')[0] ?? '';
  // "ya, betul" / "tidak, terima kasih": the first word decides when it is unambiguous.
  if (YES.has(first) && !NO.has(first)) return true;
  if (NO.has(first)) return false;
  return null;
}

/**
 * A choice is accepted as its number, its id (a tapped button), its label, or a close
 * misspelling of the label. Returns the choice id or null.
 */
export function matchChoice(text: string, choices: readonly ChoiceOption[], choiceId?: string): string | null {
  if (choiceId && choices.some((c) => c.id === choiceId)) return choiceId;
  const s = simplify(text);
  if (s === '') return null;
  const num = /^(?:no |nomor |pilih |pilihan )?(\d{1,2})$/.exec(s);
  if (num) {
    const idx = Number(num[1]) - 1;
    return choices[idx]?.id ?? null;
  }
  const labels = choices.map((c) => ({ id: c.id, label: simplify(c.label) }));
  const exact = labels.find((c) => c.label === s || simplify(c.id) === s);
  if (exact) return exact.id;
  // Close misspelling of the whole label.
  let best: { id: string; d: number } | null = null;
  let tie = false;
  for (const c of labels) {
    const max = Math.max(1, Math.floor(c.label.length * 0.25));
    const d = editDistance(s, c.label, max);
    if (d <= max) {
      if (!best || d < best.d) {
        best = { id: c.id, d };
        tie = false;
      } else if (d === best.d) tie = true;
    }
  }
  if (best && !tie) return best.id;
  // The user typed a distinctive word of one label only ("pengaduan" for "Lapor pengaduan").
  const words = s.split(' ').filter((w) => w.length >= 4);
  if (words.length > 0 && words.length <= 3) {
    const hits = labels.filter((c) =>
      words.every((w) => c.label.split(' ').some((lw) => lw === w || (lw.length >= 5 && editDistance(w, lw, 1) <= 1))),
    );
    if (hits.length === 1) return hits[0]?.id ?? null;
  }
  return null;
}

/** "3", "3 bulan", "1.500.000", "Rp 2,5 juta" -> number. */
export function parseNumber(text: string): number | null {
  const s = text.toLowerCase().replace(/rp\.?/g, '').trim();
  const m = /(\d{1,3}(?:[.\s]\d{3})+|\d+(?:,\d+)?)(?:\s*(juta|jt|ribu|rb|k))?/.exec(s);
  if (!m) return null;
  const raw = m[1] ?? '';
  let value = /[.\s]\d{3}/.test(raw) ? Number(raw.replace(/[.\s]/g, '')) : Number(raw.replace(',', '.'));
  const unit = m[2];
  if (unit === 'juta' || unit === 'jt') value *= 1_000_000;
  if (unit === 'ribu' || unit === 'rb' || unit === 'k') value *= 1_000;
  return Number.isFinite(value) ? value : null;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  januari: 1,
  january: 1,
  feb: 2,
  februari: 2,
  february: 2,
  peb: 2,
  mar: 3,
  maret: 3,
  march: 3,
  apr: 4,
  april: 4,
  mei: 5,
  may: 5,
  jun: 6,
  juni: 6,
  june: 6,
  jul: 7,
  juli: 7,
  july: 7,
  agu: 8,
  ags: 8,
  agustus: 8,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  okt: 10,
  oktober: 10,
  oct: 10,
  october: 10,
  nov: 11,
  nop: 11,
  november: 11,
  des: 12,
  desember: 12,
  dec: 12,
  december: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');

/** Parses a date; returns ISO `YYYY-MM-DD` or null. `now` resolves "hari ini"/"kemarin". */
export function parseDate(text: string, now: number): string | null {
  const s = simplify(text);
  const day = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  if (/^(hari ini|today|saiki|dinten ieu)$/.test(s)) return iso(now);
  if (/^(kemarin|kmrn|kemaren|yesterday|wingi|kamari)$/.test(s)) return iso(now - day);
  if (/^(kemarin lusa|2 hari lalu)$/.test(s)) return iso(now - 2 * day);
  let y: number | undefined;
  let m: number | undefined;
  let d: number | undefined;
  const numeric = /^(\d{1,4}) (\d{1,2}) (\d{1,4})$/.exec(s);
  if (numeric) {
    const [a, b, c] = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])];
    if (String(numeric[1]).length === 4) [y, m, d] = [a, b, c];
    else [d, m, y] = [a, b, c < 100 ? 2000 + c : c];
  } else {
    const named = /^(\d{1,2}) ([a-z]+) (\d{2,4})$/.exec(s);
    if (named && MONTHS[named[2] ?? ''] !== undefined) {
      d = Number(named[1]);
      m = MONTHS[named[2] ?? ''];
      y = Number(named[3]) < 100 ? 2000 + Number(named[3]) : Number(named[3]);
    }
  }
  if (y === undefined || m === undefined || d === undefined) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (y < 1900 || y > 2100) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

export function mediaValue(media: MediaRef): { kind: string; ref: string; mimeType?: string; fileName?: string } {
  return {
    kind: media.kind,
    ref: media.ref,
    ...(media.mimeType ? { mimeType: media.mimeType } : {}),
    ...(media.fileName ? { fileName: media.fileName } : {}),
  };
}
