import { useQuery } from "@tanstack/react-query";
import { countHints, groupDocumentHints, type NumberedHint, type SectionText } from "../api/document-hints";
import { lintText, type LintHint } from "../api/review-api";

interface Props {
  /** Every section, with the text being written (saved or not). */
  sections: readonly SectionText[];
  /** Dismissed occurrences, by `dismissalKey`. */
  dismissed: ReadonlySet<string>;
  /** Opens a section with the hint's words selected. */
  onJump(sectionKey: string, hint: NumberedHint): void;
  /** Dismisses one occurrence; absent for readers who may not. */
  onDismiss?: (sectionKey: string, hint: NumberedHint) => void;
}

/**
 * "Check the whole review": the wording hints of every section at once, grouped by
 * section, each with its category, the exact words, why they matter and a way to say
 * it instead. The editor shows hints for one section; this catches the others.
 */
export function WholeReviewCheck({ sections, dismissed, onJump, onDismiss }: Props) {
  const lint = useQuery({
    queryKey: ["review-lint", "document", sections.map((s) => [s.key, s.markdown])],
    queryFn: async ({ signal }) => {
      const answers = await Promise.all(sections.map(async (s): Promise<[string, LintHint[]]> => [s.key, s.markdown.trim() ? await lintText(s.markdown, signal) : []]));
      return new Map(answers);
    },
  });
  if (lint.isPending) return <p className="page-status">Reading every section…</p>;
  if (lint.isError) return <p className="form-error">{lint.error.message}</p>;
  const groups = groupDocumentHints(sections, lint.data, dismissed);
  const total = countHints(groups);
  return (
    <div className="whole-review-check" data-testid="whole-review-check">
      <p className="hint">
        {total === 0
          ? "No wording in the review judges people or stops at a single cause. Dismissed hints stay out of this list."
          : `${total} ${total === 1 ? "place" : "places"} in ${groups.length} ${groups.length === 1 ? "section" : "sections"} may read as judging rather than explaining. Dismissed hints stay out of this list.`}
      </p>
      {groups.map((group) => (
        <section key={group.key} className="review-panel" aria-label={`Hints in ${group.title}`} data-section={group.key}>
          <h4>{group.title}</h4>
          <ul className="hint-list">
            {group.hints.map((hint) => (
              <li key={`${hint.start}:${hint.category}`} className="hint-item">
                <p>
                  <span className="badge">{hint.category}</span> <q>{hint.text}</q> <span className="muted">line {hint.line}</span>
                </p>
                <p>{hint.message}</p>
                {hint.suggestion && <p className="muted">Try: {hint.suggestion}</p>}
                <p className="evidence-actions">
                  <button type="button" className="button button-small" onClick={() => onJump(group.key, hint)} aria-label={`Go to “${hint.text}” in ${group.title}`}>
                    Go to it
                  </button>
                  {onDismiss && (
                    <button type="button" className="button button-small button-quiet" onClick={() => onDismiss(group.key, hint)}>
                      Dismiss
                    </button>
                  )}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
