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
  /** Optional: the clause each word is in (see `clauseWords`), to tell matches that join two. */
  clauses?: readonly number[];
  /**
   * Optional: where each stem and each word occurs. A pattern whose word is absent fails at
   * once, and one whose first word is present is tried only where it occurs: a long message
   * costs the matcher its occurrences, not its length times the patterns.
   */
  stemAt?: ReadonlyMap<string, readonly number[]>;
  tokenAt?: ReadonlyMap<string, readonly number[]>;
  /** Optional: each pattern's matches, once found (the detector and the scorers ask again). */
  found?: Map<Pattern, Match[]>;
  /** Optional: where a word containing each `word*` occurs, once looked up. */
  containing?: Map<string, readonly number[]>;
}

function positions(words: readonly string[]): Map<string, number[]> {
  const at = new Map<string, number[]>();
  words.forEach((w, i) => {
    const list = at.get(w);
    if (list) list.push(i);
    else at.set(w, [i]);
  });
  return at;
}

/** A doc with its word positions, for checking many patterns against one message. */
export function indexDoc(tokens: readonly string[], stems: readonly string[], clauses?: readonly number[]): Doc {
  return {
    tokens,
    stems,
    ...(clauses ? { clauses } : {}),
    stemAt: positions(stems),
    tokenAt: positions(tokens),
    found: new Map(),
    containing: new Map(),
  };
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
/**
 * Compiled patterns by source, per normaliser: the same phrase written in several places (a
 * topic, a fact's yes/no phrases, a cue) is one shared, read-only Pattern. 17,000 compiled
 * copies were 5 MB of the heap.
 */
const compiled = new WeakMap<(text: string) => Doc, Map<string, Pattern | null>>();

export function compilePattern(source: string, toDoc: (text: string) => Doc): Pattern | null {
  let known = compiled.get(toDoc);
  if (!known) {
    known = new Map();
    compiled.set(toDoc, known);
  }
  const hit = known.get(source);
  if (hit !== undefined) return hit;
  const pattern = compileFresh(source, toDoc);
  known.set(source, pattern);
  return pattern;
}

function compileFresh(source: string, toDoc: (text: string) => Doc): Pattern | null {
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

const NONE: Match[] = [];

/** Every non-overlapping match of the pattern, left to right (do not change the array). */
export function findAll(p: Pattern, doc: Doc): Match[] {
  // Most patterns are checked against messages that lack one of their words.
  if (doc.stemAt && p.needStems) for (const w of p.needStems) if (!doc.stemAt.has(w)) return NONE;
  if (doc.tokenAt && p.needTokens) for (const w of p.needTokens) if (!doc.tokenAt.has(w)) return NONE;
  const known = doc.found?.get(p);
  if (known) return known;
  const out = scan(p, doc);
  doc.found?.set(p, out);
  return out;
}

/** Where a stem or word containing `part` occurs: looked up among the message's distinct words. */
function containingAt(doc: Doc, part: string): readonly number[] | undefined {
  if (!doc.containing || !doc.stemAt || !doc.tokenAt) return undefined;
  const known = doc.containing.get(part);
  if (known) return known;
  const at = new Set<number>();
  for (const map of [doc.stemAt, doc.tokenAt])
    for (const [w, list] of map) if (w.includes(part)) for (const i of list) at.add(i);
  const sorted = [...at].sort((a, b) => a - b);
  doc.containing.set(part, sorted);
  return sorted;
}

function startsOf(first: Part, doc: Doc): readonly number[] | undefined {
  switch (first.kind) {
    case 'stem':
      return doc.stemAt?.get(first.word);
    case 'exact':
      return doc.tokenAt?.get(first.word);
    case 'contains':
      return containingAt(doc, first.word);
    default:
      return undefined;
  }
}

function scan(p: Pattern, doc: Doc): Match[] {
  const first = p.parts[0] as Part;
  const starts = startsOf(first, doc);
  const n = starts ? starts.length : doc.stems.length;
  let out: Match[] = NONE;
  let from = 0;
  for (let j = 0; j < n; j++) {
    const i = starts ? (starts[j] as number) : j;
    if (i < from || !same(first, doc, i)) continue;
    const end = matchFrom(p, doc, 1, i + 1);
    if (end < 0) continue;
    if (out === NONE) out = [];
    out.push({ start: i, end });
    from = end;
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
