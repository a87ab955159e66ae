import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useSearchParams } from "react-router";
import type { InterviewSuggestionView, InterviewView } from "../../../../../src/core/interviews";
import { formatUtcDateTime } from "../../../lib/format-time";
import { useCurrentUser } from "../../auth/queries/use-me";
import { useIncidentId } from "../../incidents/queries/use-incident-id";
import { createInterview, updateInterview } from "../api/interviews-api";
import { interviewKeys, useInterviews, useSuggestions } from "../queries/use-interviews";
import { AnonymousSection } from "./anonymous-section";
import { InterviewPanel } from "./interview-panel";
import { SuggestionsList } from "./suggestions-list";
import { SynthesisView } from "./synthesis-view";

/**
 * The Interviews tab: whom to talk to and why, the planned interviews in the analyst's
 * order, one interview's prompts, notes and quotes, the accounts side by side per key
 * moment, and anonymous input. Members see only interviews they hold or were shared.
 */
export function InterviewsView() {
  const incidentId = useIncidentId();
  const user = useCurrentUser();
  const planner = user.role === "admin" || user.role === "analyst";
  const queryClient = useQueryClient();
  const interviews = useInterviews(incidentId);
  const [params, setParams] = useSearchParams();
  const selected = params.get("interview") ? Number(params.get("interview")) : null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState("");

  const select = (id: number) => setParams({ interview: String(id) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: interviewKeys.all(incidentId) });

  const plan = async (body: { personId?: number; intervieweeName?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const made = await createInterview(incidentId, body);
      await refresh();
      select(made.id);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const move = async (list: InterviewView[], index: number, by: -1 | 1) => {
    const other = list[index + by];
    const item = list[index];
    if (!other || !item) return;
    // Positions swap; each edit names its version, so a concurrent change is refused, not lost.
    try {
      await updateInterview(item.id, { version: item.version, position: other.position === item.position ? item.position + by : other.position });
      await updateInterview(other.id, { version: other.version, position: item.position });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    await refresh();
  };

  const list = interviews.data ?? [];
  return (
    <div className="tab-body interviews-view">
      {planner && <SuggestionsSection incidentId={incidentId} busy={busy} onPlan={(s) => void plan({ personId: s.person.id })} />}
      <section aria-labelledby="planned-title">
        <h2 id="planned-title" className="section-title">
          Interviews
        </h2>
        {interviews.isPending && <p role="status">Loading…</p>}
        {list.length === 0 && !interviews.isPending && <p className="muted">No interviews yet.</p>}
        <ol className="interview-list" aria-label="Interviews in order">
          {list.map((i, index) => (
            <li key={i.id} className={i.id === selected ? "interview-item interview-selected" : "interview-item"} data-testid="interview-item">
              <button type="button" className="text-link" onClick={() => select(i.id)}>
                {i.interviewee.name}
              </button>{" "}
              <span className="status">{i.status}</span> <span className="muted">{i.scheduledAt ? formatUtcDateTime(i.scheduledAt) : "no date yet"}</span>{" "}
              <span className="muted">with {i.interviewers.map((x) => x.name).join(", ")}</span>
              {planner && (
                <>
                  {" "}
                  <button type="button" className="button button-quiet button-small" disabled={index === 0} onClick={() => void move(list, index, -1)} aria-label={`Move ${i.interviewee.name} up`}>
                    ↑
                  </button>
                  <button type="button" className="button button-quiet button-small" disabled={index === list.length - 1} onClick={() => void move(list, index, 1)} aria-label={`Move ${i.interviewee.name} down`}>
                    ↓
                  </button>
                </>
              )}
            </li>
          ))}
        </ol>
        {planner && (
          <form
            className="field-inline"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              if (name.trim()) void plan({ intervieweeName: name.trim() }).then(() => setName(""));
            }}
          >
            <label>
              Someone else (also without an account) <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Name" />
            </label>
            <button type="submit" className="button button-small" disabled={busy || !name.trim()}>
              Add interview
            </button>
          </form>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </section>
      {selected !== null && <InterviewPanel id={selected} incidentId={incidentId} />}
      {planner && (
        <section aria-labelledby="synthesis-title">
          <h2 id="synthesis-title" className="section-title">
            Side by side
          </h2>
          <SynthesisView incidentId={incidentId} />
        </section>
      )}
      {planner && <AnonymousSection incidentId={incidentId} />}
    </div>
  );
}

function SuggestionsSection({ incidentId, busy, onPlan }: { incidentId: number; busy: boolean; onPlan: (s: InterviewSuggestionView) => void }) {
  const suggestions = useSuggestions(incidentId);
  return (
    <section aria-labelledby="suggestions-title">
      <h2 id="suggestions-title" className="section-title">
        Whom to talk to
      </h2>
      {suggestions.isPending && <p role="status">Working out whom to suggest…</p>}
      {suggestions.isError && <p className="form-error">{suggestions.error.message}</p>}
      {suggestions.data && <SuggestionsList incidentId={incidentId} suggestions={suggestions.data} onPlan={onPlan} busy={busy} />}
    </section>
  );
}
