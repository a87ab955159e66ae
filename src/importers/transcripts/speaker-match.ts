import { normalizeName } from "../../core/names.js";

/** A person a speaker can be matched to. */
export interface DirectoryPerson {
  id: number;
  name: string;
}

/** Another name a person goes by: an account's display name or handle, from any source. */
export interface DirectoryIdentity {
  personId: number;
  displayName: string | null;
  handle: string | null;
}

/** Everyone a transcript's speakers can be matched against. */
export interface SpeakerDirectory {
  people: readonly DirectoryPerson[];
  identities: readonly DirectoryIdentity[];
}

/**
 * How a speaker was matched: `exact` on a person's name, `alias` on an identity's
 * display name or handle, `first-last` on first and last name with middle names
 * ignored; `ambiguous` when a step found more than one person, `no match` when none did.
 */
export type SpeakerMatchReason = "exact" | "alias" | "first-last" | "ambiguous" | "no match";

/** The outcome for one speaker. */
export interface SpeakerMatch {
  /** The speaker as the transcript names them. */
  name: string;
  personId: number | null;
  reason: SpeakerMatchReason;
  /** The people an ambiguous step found, lowest id first; empty otherwise. */
  candidates: number[];
}

// Post-nominals and generational suffixes say nothing about who someone is.
const SUFFIXES = new Set(["jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "esq"]);

/**
 * A name reduced for comparison, on top of {@link normalizeName} (case, accents,
 * honorifics, spacing): parenthesised notes ("(she/her)", Teams' "(Guest)") and
 * suffixes ("Jr.", "PhD") dropped, and directory order "Ko, Melissa" turned round.
 */
export function speakerKey(name: string): string {
  let text = name.replace(/\([^)]*\)|\[[^\]]*\]/g, " ");
  const parts = text.split(",");
  if (parts.length === 2) {
    const [family = "", given = ""] = parts;
    const givenWords = normalizeName(given).split(" ").filter((w) => w !== "");
    const onlySuffixes = givenWords.every((w) => SUFFIXES.has(w));
    text = onlySuffixes ? family : `${given} ${family}`;
  }
  const words = normalizeName(text).split(" ").filter((w) => w !== "");
  while (words.length > 1 && SUFFIXES.has(words[words.length - 1] as string)) words.pop();
  return words.join(" ");
}

/**
 * Matches transcript speakers to people, by steps that stop at the first one finding
 * anyone: (1) a person whose name equals the speaker's, (2) an identity (any source,
 * linked to a person) whose display name or handle equals it, (3) a person or linked
 * identity with the same first and last name, middle names ignored. Comparison uses
 * {@link speakerKey}. A step finding two or more people makes the speaker `ambiguous`:
 * a wrong link is worse than none, because every number built on it would be wrong.
 * Pure; returns one result per input name, in order.
 */
export function matchSpeakers(speakers: readonly string[], directory: SpeakerDirectory): SpeakerMatch[] {
  const byName = new Map<string, Set<number>>();
  const byAlias = new Map<string, Set<number>>();
  const byFirstLast = new Map<string, Set<number>>();
  for (const person of directory.people) {
    const key = speakerKey(person.name);
    add(byName, key, person.id);
    add(byFirstLast, firstLast(key), person.id);
  }
  for (const identity of directory.identities) {
    for (const alias of [identity.displayName, identity.handle]) {
      if (!alias) continue;
      const key = speakerKey(alias);
      add(byAlias, key, identity.personId);
      add(byFirstLast, firstLast(key), identity.personId);
    }
  }
  return speakers.map((name) => {
    const key = speakerKey(name);
    const steps: [Map<string, Set<number>>, string | null, SpeakerMatchReason][] = [
      [byName, key, "exact"],
      [byAlias, key, "alias"],
      [byFirstLast, firstLast(key), "first-last"],
    ];
    for (const [index, lookup, reason] of steps) {
      if (lookup === null || lookup === "") continue;
      const ids = index.get(lookup);
      if (!ids || ids.size === 0) continue;
      const sorted = [...ids].sort((a, b) => a - b);
      if (sorted.length > 1) return { name, personId: null, reason: "ambiguous", candidates: sorted };
      return { name, personId: sorted[0] as number, reason, candidates: [] };
    }
    return { name, personId: null, reason: "no match", candidates: [] };
  });
}

/** "melissa j ko" → "melissa ko"; null for one-word names, which have no middle to ignore. */
function firstLast(key: string): string | null {
  const words = key.split(" ").filter((w) => w !== "");
  if (words.length < 2) return null;
  return `${words[0]} ${words[words.length - 1]}`;
}

function add(index: Map<string, Set<number>>, key: string | null, id: number): void {
  if (key === null || key === "") return;
  const ids = index.get(key) ?? new Set<number>();
  ids.add(id);
  index.set(key, ids);
}
