/**
 * Phrase patterns for cues and emergency rules, matched on a normalised message.
 * Syntax: words separated by spaces must follow each other, compared by stem; `..` allows
 * up to {@link GAP} other words in between ("tidak .. makan"); `word*` matches any word
 * containing it ("leceh*" matches "dilecehkan", "pelecehan"); `=word` matches that exact
 * normalised word, not its stem ("=dijual" but not "jualan"); `#` matches any number.
 * Pattern words go through the same normaliser and stemmer as messages, so
 * "gk dikasih makan" and "tidak diberi makan" are the same pattern.
 */

export const GAP = 5;

type Kind = 'stem' | 'contains' | 'exact' | 'number';
type Part = { word: string; kind: Kind; gapBefore: boolean };
/** A message as the matcher sees it: normalised words and their stems, index for index. */
export interface Doc {
  tokens: readonly string[];
  stems: readonly string[];
  /** Optional sets of the same words: let a pattern whose first word is absent fail at once. */
  stemSet?: ReadonlySet<string>;
  tokenSet?: ReadonlySet<string>;
}

/** A doc with its word sets, for checking many patterns against one message. */
export function indexDoc(tokens: readonly string[], stems: readonly string[]): Doc {
  return { tokens, stems, stemSet: new Set(stems), tokenSet: new Set(tokens) };
}
export interface Pattern {
  source: string;
  parts: Part[];
  /** Stems and exact words that every match contains: a doc without one of them cannot match. */
  needStems?: readonly string[];
  needTokens?: readonly string[];
}
export interface Match {
  start: number;
  end: number;
}

/** @param toDoc normalise (and stem) a piece of pattern text. */
export function compilePattern(source: string, toDoc: (text: string) => Doc): Pattern | null {
  const parts: Part[] = [];
  const segments = source.split(/\s*\.\.\s*/);
  segments.forEach((segment, si) => {
    let first = true;
    const push = (word: string, kind: Kind) => {
      parts.push({ word, kind, gapBefore: first && si > 0 });
      first = false;
    };
    for (const w of segment.split(/\s+/).filter(Boolean)) {
      if (w === '#') push('#', 'number');
      else if (w.endsWith('*')) push(w.slice(0, -1).toLowerCase(), 'contains');
      else if (w.startsWith('=')) for (const t of toDoc(w.slice(1)).tokens) push(t, 'exact');
      else for (const s of toDoc(w).stems) push(s, 'stem');
    }
  });
  if (parts.length === 0) return null;
  const need = (kind: Kind) => [...new Set(parts.filter((p) => p.kind === kind).map((p) => p.word))];
  return { source, parts, needStems: need('stem'), needTokens: need('exact') };
}

function same(part: Part, doc: Doc, k: number): boolean {
  const stem = doc.stems[k] as string;
  switch (part.kind) {
    case 'stem':
      return stem === part.word;
    case 'exact':
      return doc.tokens[k] === part.word;
    case 'number':
      return /^\d+$/.test(stem);
    default:
      return stem.includes(part.word) || (doc.tokens[k] as string).includes(part.word);
  }
}

function matchFrom(p: Pattern, doc: Doc, pi: number, si: number): number {
  if (pi === p.parts.length) return si;
  const part = p.parts[pi] as Part;
  const n = doc.stems.length;
  const limit = part.gapBefore ? Math.min(n, si + GAP + 1) : Math.min(n, si + 1);
  for (let k = si; k < limit; k++) {
    if (same(part, doc, k)) {
      const end = matchFrom(p, doc, pi + 1, k + 1);
      if (end >= 0) return end;
    }
  }
  return -1;
}

/** Every non-overlapping match of the pattern, left to right. */
export function findAll(p: Pattern, doc: Doc): Match[] {
  const out: Match[] = [];
  const first = p.parts[0] as Part;
  if (first.kind === 'stem' && doc.stemSet && !doc.stemSet.has(first.word)) return out;
  if (first.kind === 'exact' && doc.tokenSet && !doc.tokenSet.has(first.word)) return out;
  // Most patterns are checked against messages that lack one of their words.
  if (doc.stemSet && p.needStems) for (const w of p.needStems) if (!doc.stemSet.has(w)) return out;
  if (doc.tokenSet && p.needTokens) for (const w of p.needTokens) if (!doc.tokenSet.has(w)) return out;
  let i = 0;
  while (i < doc.stems.length) {
    if (same(first, doc, i)) {
      const end = matchFrom(p, doc, 1, i + 1);
      if (end >= 0) {
        out.push({ start: i, end });
        i = end;
        continue;
      }
    }
    i++;
  }
  return out;
}

/**
 * Patterns grouped by their first word, so a message is only checked against the
 * patterns whose first word it contains.
 */
export class PatternIndex<T> {
  private readonly byStem = new Map<string, { pattern: Pattern; value: T }[]>();
  private readonly byToken = new Map<string, { pattern: Pattern; value: T }[]>();
  private readonly others: { pattern: Pattern; value: T }[] = [];

  add(pattern: Pattern, value: T): void {
    const first = pattern.parts[0] as Part;
    const map = first.kind === 'stem' ? this.byStem : first.kind === 'exact' ? this.byToken : null;
    if (!map) {
      this.others.push({ pattern, value });
      return;
    }
    const list = map.get(first.word) ?? [];
    list.push({ pattern, value });
    map.set(first.word, list);
  }

  /** Each pattern that matches at least once, with its matches. */
  search(doc: Doc): { pattern: Pattern; value: T; matches: Match[] }[] {
    const candidates = new Set<{ pattern: Pattern; value: T }>(this.others);
    for (const [map, words] of [
      [this.byStem, doc.stems],
      [this.byToken, doc.tokens],
    ] as const) {
      for (const w of words) for (const c of map.get(w) ?? []) candidates.add(c);
    }
    const out: { pattern: Pattern; value: T; matches: Match[] }[] = [];
    for (const c of candidates) {
      const matches = findAll(c.pattern, doc);
      if (matches.length > 0) out.push({ ...c, matches });
    }
    return out;
  }
}
