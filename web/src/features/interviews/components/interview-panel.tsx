import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { ConflictError } from "../../../api/client";
import { INTERVIEW_GUIDE } from "../../../../../src/core/interview-guide";
import { INTERVIEW_CONSENTS, INTERVIEW_STATUSES, QUOTE_CONSENTS } from "../../../../../src/core/interview-terms";
import type { InterviewPromptView, InterviewView, NoteLinkView, UpdateInterviewRequest } from "../../../../../src/core/interviews";
import { formatUtcDateTime } from "../../../lib/format-time";
import { timelineEventPath } from "../../people/components/evidence-link";
import { createQuote, updateInterview, updateQuote, uploadTranscript } from "../api/interviews-api";
import { interviewKeys, useInterview } from "../queries/use-interviews";
import { Link } from "react-router";

const CONSENT_LABEL: Record<string, string> = { yes: "Yes, may record", no: "No recording", off_record: "Off the record" };
const QUOTE_LABEL: Record<string, string> = { pending: "Not asked yet", declined: "Declined", anonymous: "May quote anonymously", attributed: "May quote with name" };

/** One interview: for its interviewers, prompts, guide, notes, links, quotes with consent and the transcript; for others, who and when only. */
export function InterviewPanel({ id, incidentId }: { id: number; incidentId: number }) {
  const interview = useInterview(id);
  if (interview.isPending) return <p role="status">Loading the interview…</p>;
  if (interview.isError) return <p className="form-error">{interview.error.message}</p>;
  const data = interview.data;
  if (data.access !== "full") {
    return (
      <section className="interview-panel" aria-labelledby="interview-title">
        <h3 id="interview-title">Interview with {data.interviewee.name}</h3>
        <p className="notice">
          The notes, prompts and transcript of this interview are confidential to its interviewers ({data.interviewers.map((i) => i.name).join(", ")}). Quotes they agree to
          share appear in the side-by-side view.
        </p>
      </section>
    );
  }
  return <FullInterview key={data.id} interview={data} incidentId={incidentId} />;
}

function FullInterview({ interview, incidentId }: { interview: InterviewView; incidentId: number }) {
  const queryClient = useQueryClient();
  const [notes, setNotes] = useState(interview.notes ?? "");
  const [prompts, setPrompts] = useState<InterviewPromptView[]>(interview.prompts ?? []);
  const [links, setLinks] = useState<NoteLinkView[]>(interview.links ?? []);
  const [status, setStatus] = useState(interview.status);
  const [consent, setConsent] = useState(interview.consent ?? "");
  const [scheduledAt, setScheduledAt] = useState(interview.scheduledAt?.slice(0, 16) ?? "");
  const [retention, setRetention] = useState(interview.retentionUntil?.slice(0, 10) ?? "");
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [quoteText, setQuoteText] = useState("");
  const [quoteConsent, setQuoteConsent] = useState<(typeof QUOTE_CONSENTS)[number]>("pending");
  const [quoteEvent, setQuoteEvent] = useState("");
  const [linkEvent, setLinkEvent] = useState("");
  const [linkNote, setLinkNote] = useState("");
  useEffect(() => setMessage(null), [notes]);

  const refresh = async (fresh?: InterviewView) => {
    if (fresh) queryClient.setQueryData(interviewKeys.one(interview.id), fresh);
    else await queryClient.invalidateQueries({ queryKey: interviewKeys.one(interview.id) });
    await queryClient.invalidateQueries({ queryKey: interviewKeys.all(incidentId) });
  };

  const save = async (changes: Omit<UpdateInterviewRequest, "version">) => {
    setError(null);
    try {
      const fresh = await updateInterview(interview.id, { version: interview.version, ...changes });
      setMessage("Saved.");
      await refresh(fresh);
    } catch (e) {
      if (e instanceof ConflictError) setError("Someone else saved this interview since you opened it. Copy your changes, then reload to see theirs.");
      else setError(e instanceof Error ? e.message : String(e));
    }
  };

  const onSave = (event: FormEvent) => {
    event.preventDefault();
    void save({
      notes,
      prompts: prompts.filter((p) => p.text.trim() !== ""),
      links,
      status,
      consent: consent === "" ? null : (consent as (typeof INTERVIEW_CONSENTS)[number]),
      scheduledAt: scheduledAt ? new Date(`${scheduledAt}:00Z`).toISOString() : null,
      retentionUntil: retention ? new Date(`${retention}T00:00:00Z`).toISOString() : null,
    });
  };

  const addQuote = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await createQuote(interview.id, { text: quoteText, consent: quoteConsent, eventRef: quoteEvent.trim() || null });
      setQuoteText("");
      setQuoteEvent("");
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const onTranscript = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    try {
      await refresh(await uploadTranscript(interview.id, file.name, await file.text()));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="interview-panel" aria-labelledby="interview-title">
      <h3 id="interview-title">Interview with {interview.interviewee.name}</h3>
      <p className="muted">
        Interviewers: {interview.interviewers.map((i) => i.name).join(", ")}. Notes, prompts, links, the transcript and quotes not yet agreed are readable only by them
        {interview.sharedWith && interview.sharedWith.length > 0 ? ` and by ${interview.sharedWith.map((s) => s.name).join(", ")} (shared)` : ""}.
      </p>
      <details className="interview-guide">
        <summary>How to run the conversation</summary>
        {INTERVIEW_GUIDE.map((section) => (
          <div key={section.title}>
            <h4>{section.title}</h4>
            <p>{section.text}</p>
          </div>
        ))}
      </details>
      <form onSubmit={onSave} className="interview-form">
        <fieldset>
          <legend>Prompts</legend>
          <ol className="prompt-list" aria-label="Prompts">
            {prompts.map((p, i) => (
              <li key={i}>
                <textarea aria-label={`Prompt ${i + 1}`} value={p.text} rows={2} onChange={(e) => setPrompts(prompts.map((q, j) => (j === i ? { ...q, text: e.target.value } : q)))} />
                {p.eventRef && (
                  <Link className="evidence-link" to={timelineEventPath(incidentId, p.eventRef)}>
                    {p.eventRef}
                  </Link>
                )}
              </li>
            ))}
          </ol>
          <button type="button" className="button button-small" onClick={() => setPrompts([...prompts, { text: "", eventRef: null }])}>
            Add a prompt
          </button>
        </fieldset>
        <div className="field-inline">
          <label>
            When (UTC) <input type="datetime-local" value={scheduledAt} onChange={(e) => setScheduledAt(e.target.value)} />
          </label>
          <label>
            Interview status
            <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
              {INTERVIEW_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Consent to record
            <select value={consent} onChange={(e) => setConsent(e.target.value)}>
              <option value="">Not asked yet</option>
              {INTERVIEW_CONSENTS.map((c) => (
                <option key={c} value={c}>
                  {CONSENT_LABEL[c]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Delete the transcript after <input type="date" value={retention} onChange={(e) => setRetention(e.target.value)} />
          </label>
        </div>
        <label className="field">
          Notes (Markdown, confidential)
          <textarea value={notes} rows={10} onChange={(e) => setNotes(e.target.value)} />
        </label>
        <fieldset>
          <legend>Notes on timeline events</legend>
          <ul className="link-list">
            {links.map((l, i) => (
              <li key={`${l.eventRef}-${i}`}>
                <Link className="evidence-link" to={timelineEventPath(incidentId, l.eventRef)}>
                  {l.eventRef}
                </Link>{" "}
                {l.note}{" "}
                <button type="button" className="button button-quiet button-small" onClick={() => setLinks(links.filter((_, j) => j !== i))}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <div className="field-inline">
            <label>
              Event <input value={linkEvent} placeholder="message:12" onChange={(e) => setLinkEvent(e.target.value)} />
            </label>
            <label>
              What the interview says about it <input value={linkNote} onChange={(e) => setLinkNote(e.target.value)} />
            </label>
            <button
              type="button"
              className="button button-small"
              disabled={!linkEvent.trim() || !linkNote.trim()}
              onClick={() => {
                setLinks([...links, { eventRef: linkEvent.trim(), note: linkNote.trim() }]);
                setLinkEvent("");
                setLinkNote("");
              }}
            >
              Link
            </button>
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            Save interview
          </button>
          {message && <span role="status">{message}</span>}
        </div>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="quotes-title">
        <h4 id="quotes-title">Quotes</h4>
        <ul className="quote-list">
          {(interview.quotes ?? []).map((q) => (
            <li key={q.id} data-testid="quote">
              <blockquote>{q.text}</blockquote>
              <label>
                Consent
                <select
                  value={q.consent}
                  onChange={async (e) => {
                    await updateQuote(q.id, { version: q.version, consent: e.target.value as typeof q.consent });
                    await refresh();
                  }}
                >
                  {QUOTE_CONSENTS.map((c) => (
                    <option key={c} value={c}>
                      {QUOTE_LABEL[c]}
                    </option>
                  ))}
                </select>
              </label>
              {q.eventRef && (
                <Link className="evidence-link" to={timelineEventPath(incidentId, q.eventRef)}>
                  {q.eventRef}
                </Link>
              )}
            </li>
          ))}
        </ul>
        <form onSubmit={addQuote} className="field-inline">
          <label>
            Quote <textarea value={quoteText} rows={2} onChange={(e) => setQuoteText(e.target.value)} />
          </label>
          <label>
            Their consent
            <select value={quoteConsent} onChange={(e) => setQuoteConsent(e.target.value as typeof quoteConsent)}>
              {QUOTE_CONSENTS.map((c) => (
                <option key={c} value={c}>
                  {QUOTE_LABEL[c]}
                </option>
              ))}
            </select>
          </label>
          <label>
            About event <input value={quoteEvent} placeholder="message:12" onChange={(e) => setQuoteEvent(e.target.value)} />
          </label>
          <button type="submit" className="button button-small" disabled={!quoteText.trim()}>
            Add quote
          </button>
        </form>
      </section>
      <section aria-labelledby="transcript-title">
        <h4 id="transcript-title">Transcript</h4>
        <label>
          Upload the recording's WebVTT transcript <input type="file" accept=".vtt,text/vtt" onChange={(e) => void onTranscript(e.target.files?.[0])} />
        </label>
        {interview.transcript ? (
          <>
            <p className="muted">
              {interview.transcript.name}, uploaded {formatUtcDateTime(interview.transcript.uploadedAt)}; speakers: {interview.transcript.speakers.join(", ") || "none named"}.
            </p>
            <ol className="transcript-timeline" aria-label="Transcript">
              {interview.transcript.cues.map((c, i) => (
                <li key={i}>
                  <span className="event-time">{clock(c.startMs)}</span> <strong>{c.speaker ?? "—"}</strong> {c.text}
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p className="muted">No transcript.</p>
        )}
      </section>
    </section>
  );
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}
