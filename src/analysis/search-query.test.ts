import { describe, expect, it } from "vitest";
import { SearchSyntaxError } from "../core/search.js";
import { fts5Query, tsQuery } from "../db/search/full-text.js";
import { parseSearchQuery } from "./search-query.js";

describe("search query language", () => {
  it("reads words, phrases, prefixes and exclusions", () => {
    expect(parseSearchQuery(`pool "connection reset" deploy* -staging -"load test"`)).toEqual({
      must: [{ kind: "term", word: "pool" }, { kind: "phrase", words: ["connection", "reset"] }, { kind: "prefix", word: "deploy" }],
      not: [{ kind: "term", word: "staging" }, { kind: "phrase", words: ["load", "test"] }],
    });
  });

  it("splits punctuated words into phrases and drops lone punctuation", () => {
    expect(parseSearchQuery("db-01 ? Straße")).toEqual({ must: [{ kind: "phrase", words: ["db", "01"] }, { kind: "term", word: "straße" }], not: [] });
  });

  it("names the problem and the place for bad syntax", () => {
    const fails = (q: string) => {
      try {
        parseSearchQuery(q);
      } catch (error) {
        expect(error).toBeInstanceOf(SearchSyntaxError);
        return (error as Error).message;
      }
      throw new Error(`parsed ${q}`);
    };
    expect(fails(`pool "connection`)).toBe("search query: a quote is not closed (at character 6)");
    expect(fails("-pool")).toMatch(/at least one word that is not excluded/);
    expect(fails("po*ol")).toMatch(/'\*' may only end a word/);
    expect(fails("*")).toMatch(/must follow the start of a word/);
    expect(fails("pool - x")).toMatch(/must be followed by/);
    expect(fails('""')).toMatch(/no words/);
    expect(fails("   ")).toMatch(/empty/);
    expect(fails("x".repeat(501))).toMatch(/longer than 500/);
  });

  it("compiles to FTS5 and tsquery with every word quoted", () => {
    const parsed = parseSearchQuery(`pool "connection reset" deploy* -staging`);
    expect(fts5Query(parsed)).toBe(`("pool" AND "connection reset" AND "deploy"*) NOT "staging"`);
    expect(tsQuery(parsed)).toBe(`'pool' & ('connection' <-> 'reset') & 'deploy':* & !'staging'`);
    // FTS5 operators typed by the user are plain words.
    expect(fts5Query(parseSearchQuery("NEAR OR AND"))).toBe(`"near" AND "or" AND "and"`);
  });
});
