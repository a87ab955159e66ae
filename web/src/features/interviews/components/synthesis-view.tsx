import { Link } from "react-router";
import { formatUtcDateTime } from "../../../lib/format-time";
import { timelineEventPath } from "../../people/components/evidence-link";
import { useSynthesis } from "../queries/use-interviews";

/** For each key moment, what each interview says about it, side by side, so differences between accounts show. */
export function SynthesisView({ incidentId }: { incidentId: number }) {
  const synthesis = useSynthesis(incidentId);
  if (synthesis.isPending) return <p role="status">Loading the accounts…</p>;
  if (synthesis.isError) return <p className="form-error">{synthesis.error.message}</p>;
  const moments = synthesis.data;
  if (moments.length === 0) return <p className="muted">No key moments yet: tag timeline events key moment, decision, detection, diagnosis or repair.</p>;
  return (
    <div className="synthesis" data-testid="synthesis">
      {moments.map((m) => (
        <article key={m.annotationId} className="synthesis-moment" data-testid="synthesis-moment" aria-label={`Key moment ${m.eventRef}`}>
          <header>
            <Link className="evidence-link" to={timelineEventPath(incidentId, m.eventRef)}>
              {m.at ? formatUtcDateTime(m.at) : m.eventRef}
            </Link>{" "}
            {m.tags.map((t) => (
              <span key={t} className="tag-chip">
                {t.replace(/_/g, " ")}
              </span>
            ))}
            {m.note && <p>{m.note}</p>}
          </header>
          {m.accounts.length === 0 ? (
            <p className="muted">No interview speaks to this moment yet.</p>
          ) : (
            <div className="account-columns">
              {m.accounts.map((a, i) => (
                <section key={`${a.interviewId ?? "anonymous"}-${i}`} className="account" aria-label={`Account of ${a.source}`}>
                  <h5>{a.source}</h5>
                  {a.notes.map((n, j) => (
                    <p key={`n${j}`} className="account-note">
                      {n}
                    </p>
                  ))}
                  {a.quotes.map((q, j) => (
                    <blockquote key={`q${j}`} className={q.consent === "anonymous" || q.consent === "attributed" ? "" : "quote-private"}>
                      {q.text}
                      {q.consent !== "anonymous" && q.consent !== "attributed" && <span className="muted"> (not for sharing)</span>}
                    </blockquote>
                  ))}
                </section>
              ))}
            </div>
          )}
        </article>
      ))}
    </div>
  );
}
