import { useQuery } from "@tanstack/react-query";
import { fetchReviewQuotes } from "../api/interviews-api";

/**
 * The review editor's "insert quote" panel: quotes the interviewees agreed to share
 * (and passages of anonymous input), each inserted as the Markdown the server made —
 * attributed by name or anonymous, exactly as consented.
 */
export function ReviewQuotePicker({ incidentId, onInsert }: { incidentId: number; onInsert(markdown: string): void }) {
  const quotes = useQuery({ queryKey: ["interviews", incidentId, "review-quotes"], queryFn: ({ signal }) => fetchReviewQuotes(incidentId, signal) });
  return (
    <section className="review-panel" aria-labelledby="interview-quotes-title">
      <h3 id="interview-quotes-title">Interview quotes</h3>
      {quotes.isError && <p className="form-error">{quotes.error.message}</p>}
      {quotes.isSuccess && quotes.data.length === 0 && <p className="muted">No quote cleared for sharing yet: record consent on quotes in the Interviews tab.</p>}
      <ul className="evidence-list">
        {(quotes.data ?? []).map((q) => (
          <li key={q.id} className="evidence-item" data-testid="review-quote">
            <p className="evidence-text">“{q.text}”</p>
            <p className="muted">{q.attribution ? `— ${q.attribution}` : "anonymous"}</p>
            <button type="button" className="button button-small" onClick={() => onInsert(q.markdown)} aria-label={`Insert quote: ${q.text.slice(0, 40)}`}>
              Insert quote
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
