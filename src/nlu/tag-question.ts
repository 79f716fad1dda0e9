/**
 * Tag questions: a statement followed by a short "true?", "ok?", "kan?", "bener?", "betul ke?",
 * "oleh ora to?" asks whether the statement (usually someone's claim about the rule) is true.
 * The phrase matcher drops punctuation, so a word such as "true" or "kan" only counts here when it
 * is the last thing before a question mark; anywhere else it is ordinary chat. The reader gives
 * the clause that closes with the tag ("bener gk", "oleh ora to"), so that the question's own
 * words can be told from the claim's.
 */
import { compilePattern, type Doc, findAll } from './phrase-matcher.js';

/** The clause before each run of question marks ("..., true??" -> " true"). */
const CLAUSE_BEFORE_QUESTION = /([^.!?;,:\n]*)\?+/gu;
/** Only the clause's end matters; a very long clause is not worth normalising for it. */
const MAX_CLAUSE_WORDS = 60;

export function createTagQuestionReader(
  phrases: readonly string[],
  toDoc: (text: string) => Doc,
): (text: string) => string | undefined {
  const patterns = phrases.map((p) => compilePattern(p, toDoc)).filter((p) => p !== null);
  return (text) => {
    if (patterns.length === 0 || !text.includes('?')) return undefined;
    for (const m of text.matchAll(CLAUSE_BEFORE_QUESTION)) {
      const clause = m[1] ?? '';
      if (!clause.trim()) continue;
      const doc = toDoc(clause);
      const n = doc.tokens.length;
      if (n === 0 || n > MAX_CLAUSE_WORDS) continue;
      // The tag must close the clause: "majikan bilang gitu, bener?" asks whether the claim is
      // true; "bener ga ada libur di sana?" is asked by its own words (the yes/no phrases).
      if (patterns.some((p) => findAll(p, doc).some((x) => x.end === n))) return clause;
    }
    return undefined;
  };
}
