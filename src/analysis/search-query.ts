/*
 * The search box's little language, parsed once and compiled per store (SQLite FTS5 or
 * PostgreSQL tsquery): words must all appear, "quoted words" appear in that order,
 * `word*` matches words starting so, `-word` or `-"some words"` must not appear.
 */
import { SearchSyntaxError } from "../core/search.js";

/** A part of a query. */
export type SearchClause = { kind: "term"; word: string } | { kind: "prefix"; word: string } | { kind: "phrase"; words: string[] };

/** A parsed query: every `must` clause and none of the `not` clauses. */
export interface ParsedSearch {
  must: SearchClause[];
  not: SearchClause[];
}

const MAX_QUERY_LENGTH = 500;
const MAX_CLAUSES = 32;
const WORD = /[\p{L}\p{N}]+/gu;

/** Words of a piece of text, lower-cased, punctuation dropped. */
function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((w) => w.normalize("NFC"));
}

/**
 * Parses a query; throws {@link SearchSyntaxError} naming the place for an unclosed
 * quote, a stray `*` or `-`, an empty phrase, a query of exclusions only, or one too
 * long. Punctuation inside a word splits it into a phrase (`db-01` is `"db 01"`).
 */
export function parseSearchQuery(input: string): ParsedSearch {
  const text = input.trim();
  if (text === "") throw new SearchSyntaxError("the query is empty", 0);
  if (text.length > MAX_QUERY_LENGTH) throw new SearchSyntaxError(`the query is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH);
  const must: SearchClause[] = [];
  const not: SearchClause[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const start = i;
    let negate = false;
    if (ch === "-") {
      negate = true;
      i += 1;
      if (i >= text.length || /\s/.test(text[i] as string)) throw new SearchSyntaxError("a '-' must be followed by the word or \"phrase\" to exclude", start);
    }
    let clause: SearchClause;
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) throw new SearchSyntaxError("a quote is not closed", i);
      const words = wordsOf(text.slice(i + 1, close));
      if (words.length === 0) throw new SearchSyntaxError("a quoted phrase has no words", i);
      if (text[close + 1] === "*") throw new SearchSyntaxError("'*' goes after a word, not after a phrase", close + 1);
      clause = words.length === 1 ? { kind: "term", word: words[0] as string } : { kind: "phrase", words };
      i = close + 1;
    } else {
      let end = i;
      while (end < text.length && !/\s/.test(text[end] as string) && text[end] !== '"') end += 1;
      const raw = text.slice(i, end);
      const star = raw.indexOf("*");
      if (star >= 0 && star !== raw.length - 1) throw new SearchSyntaxError("'*' may only end a word (deploy*)", i + star);
      const words = wordsOf(star >= 0 ? raw.slice(0, -1) : raw);
      if (words.length === 0) {
        if (star >= 0) throw new SearchSyntaxError("'*' must follow the start of a word (deploy*)", i + star);
        // Punctuation alone ("?", "->") matches nothing and is skipped.
        i = end;
        continue;
      }
      if (star >= 0 && words.length > 1) throw new SearchSyntaxError("a prefix (word*) must be one word", i);
      clause = star >= 0 ? { kind: "prefix", word: words[0] as string } : words.length === 1 ? { kind: "term", word: words[0] as string } : { kind: "phrase", words };
      i = end;
    }
    (negate ? not : must).push(clause);
    if (must.length + not.length > MAX_CLAUSES) throw new SearchSyntaxError(`the query has more than ${MAX_CLAUSES} parts`, start);
  }
  if (must.length === 0) throw new SearchSyntaxError(not.length > 0 ? "a query needs at least one word that is not excluded" : "the query has no words", 0);
  return { must, not };
}

/** The words a hit must contain, for highlighting outside the store. */
export function searchWords(query: ParsedSearch): string[] {
  return query.must.flatMap((c) => (c.kind === "phrase" ? c.words : [c.word]));
}
