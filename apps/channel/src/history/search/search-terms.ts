import { HistoryLimits, ValidationError } from '@parley/contracts';

/** What a search asks for: every word and every phrase must appear in a message. */
export interface SearchTerms {
  /** Words as typed (`foo-bar`, `50%`, `alice@example.com`): each dialect tokenises them as it indexed the text. */
  readonly words: readonly string[];
  /** The text between double quotes, whose words must appear together, in order. */
  readonly phrases: readonly string[];
}

/** A term with nothing to look for (only punctuation or operators): every tokeniser drops it. */
const SEARCHABLE = /[\p{L}\p{N}]/u;

/**
 * Reads a search box the way chat users expect: "quoted phrases" and plain words, all required.
 * Nothing else has a meaning: `OR`, `NEAR`, `-`, `*`, `:`, parentheses and SQL metacharacters are
 * text, and each dialect passes the terms to its full-text engine as quoted literals or bound
 * parameters. An unclosed quote runs to the end. Terms without a letter or digit are dropped.
 */
export function parseSearchTerms(q: string): SearchTerms {
  const words: string[] = [];
  const phrases: string[] = [];
  const parts = q.split('"');
  parts.forEach((part, i) => {
    // Odd parts were between quotes.
    if (i % 2 === 1) {
      const phrase = part.trim().replace(/\s+/g, ' ');
      if (SEARCHABLE.test(phrase)) phrases.push(phrase);
      return;
    }
    for (const word of part.split(/\s+/)) if (SEARCHABLE.test(word)) words.push(word);
  });
  if (words.length + phrases.length > HistoryLimits.termsMax) {
    throw new ValidationError('invalid search', [{ path: 'q', message: `at most ${HistoryLimits.termsMax} words and phrases` }]);
  }
  return { words, phrases };
}

export const hasTerms = (terms: SearchTerms) => terms.words.length + terms.phrases.length > 0;

/**
 * The tokens of a word as typed (`NEAR(alpha` → near, alpha; `x-y` → x, y), for engines given
 * each token as its own quoted term: all are required, not necessarily together, as PostgreSQL's
 * plainto_tsquery reads a word.
 */
export const tokensOf = (word: string): string[] => word.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
