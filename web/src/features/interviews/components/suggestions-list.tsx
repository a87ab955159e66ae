import type { InterviewSuggestionView } from "../../../../../src/core/interviews";
import { EvidenceLink } from "../../people/components/evidence-link";

const REASON_LABELS: Record<InterviewSuggestionView["reasons"][number]["code"], string> = {
  first_responder: "First responder",
  pulled_in: "Pulled in from outside",
  former_owner: "Former owner",
  tagged_moments: "Thinking out loud",
  paged_often: "Paged often",
  paged_at_night: "Paged at night",
  new_joiner: "New",
  may_feel_blamed: "May feel blamed",
  observer: "Only watched",
};

/** Suggested interviewees with their reasons; each piece of evidence links to its timeline event. */
export function SuggestionsList({ incidentId, suggestions, onPlan, busy }: { incidentId: number; suggestions: InterviewSuggestionView[]; onPlan: (s: InterviewSuggestionView) => void; busy: boolean }) {
  if (suggestions.length === 0) return <p className="muted">No suggestions yet: import the chat and the paging data, and annotate the timeline.</p>;
  return (
    <ol className="suggestion-list" aria-label="Suggested interviewees">
      {suggestions.map((s) => (
        <li key={s.person.id} className="suggestion" data-testid="suggestion">
          <div className="suggestion-head">
            <strong className="person-name">{s.person.name}</strong>
            {s.interviewIds.length > 0 ? (
              <span className="muted">interview planned</span>
            ) : (
              <button type="button" className="button button-small" disabled={busy} onClick={() => onPlan(s)}>
                Plan interview <span className="visually-hidden">with {s.person.name}</span>
              </button>
            )}
          </div>
          <ul className="reason-list">
            {s.reasons.map((r) => (
              <li key={r.code}>
                <span className="flag">{REASON_LABELS[r.code]}</span> {r.text}{" "}
                {r.evidence
                  .filter((e) => e.kind === "event")
                  .map((e) => (
                    <EvidenceLink key={e.id} incidentId={incidentId} eventKey={e.id} description={`${REASON_LABELS[r.code]}: ${s.person.name}`}>
                      {e.id}
                    </EvidenceLink>
                  ))}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
