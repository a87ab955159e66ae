import type { LintHint } from "./review-api";

/** A hint occurrence, as dismissals name it: the n-th time `text` is flagged as `category` in a section. */
export interface HintOccurrence {
  category: string;
  text: string;
  occurrence: number;
}

/** A hint with the words it covers and its occurrence number. */
export type NumberedHint = LintHint & HintOccurrence;

/** A section as the whole-review check reads it: the text being written, saved or not. */
export interface SectionText {
  key: string;
  title: string;
  markdown: string;
}

/** The hints of one section, in text order. */
export interface SectionHints {
  key: string;
  title: string;
  hints: NumberedHint[];
}

/** The key a dismissal is looked up by; the same in the editor and in the whole-review check. */
export function dismissalKey(sectionKey: string, occurrence: HintOccurrence): string {
  return `${sectionKey}\u0000${occurrence.category}\u0000${occurrence.text}\u0000${occurrence.occurrence}`;
}

/**
 * Numbers each hint's occurrence among hints of the same category and text, in text
 * order. Dismissals are stored by this number, so that dismissing one "human error"
 * leaves the next one flagged.
 */
export function numberOccurrences(text: string, hints: readonly LintHint[]): NumberedHint[] {
  const seen = new Map<string, number>();
  return [...hints]
    .sort((a, b) => a.start - b.start)
    .map((hint) => {
      const span = text.slice(hint.start, hint.end);
      const key = `${hint.category}\u0000${span}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      return { ...hint, text: span, occurrence };
    });
}

/**
 * Every hint of every section, grouped by section in the document's order, without the
 * dismissed occurrences. Sections with nothing left to look at are left out, so an empty
 * list means the whole review reads clean.
 */
export function groupDocumentHints(sections: readonly SectionText[], hintsBySection: ReadonlyMap<string, readonly LintHint[]>, dismissed: ReadonlySet<string>): SectionHints[] {
  const groups: SectionHints[] = [];
  for (const section of sections) {
    const found = hintsBySection.get(section.key);
    if (!found || found.length === 0) continue;
    const hints = numberOccurrences(section.markdown, found).filter((hint) => hint.end <= section.markdown.length && !dismissed.has(dismissalKey(section.key, hint)));
    if (hints.length > 0) groups.push({ key: section.key, title: section.title, hints });
  }
  return groups;
}

/** How many hints the groups hold. */
export function countHints(groups: readonly SectionHints[]): number {
  return groups.reduce((sum, group) => sum + group.hints.length, 0);
}
