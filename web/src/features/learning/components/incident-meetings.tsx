import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import type { ReviewMeeting } from "../../../../../src/core/learning.js";
import { mayEditIncident } from "../../../lib/permissions";
import { useCurrentUser } from "../../auth/queries/use-me";
import { useIncidentId } from "../../incidents/queries/use-incident-id";
import { fetchIncidentMeetings } from "../../library/api/library-api";
import { type AttendeeRef, fetchAnalystAccounts, scheduleMeeting, searchPeople, setMeetingAttendees, uploadMeetingTranscript } from "../api/meetings-api";
import "../../library/library.css";

/** A picked attendee, with the name to show. */
interface Picked {
  ref: AttendeeRef;
  name: string;
  detail: string;
}

const keyOf = (ref: AttendeeRef) => ("userId" in ref ? `u${ref.userId}` : `p${ref.personId}`);

/** Picks accounts and directory people; directory people bring their department. */
function AttendeePicker({ picked, onChange }: { picked: Picked[]; onChange: (next: Picked[]) => void }) {
  const [q, setQ] = useState("");
  const people = useQuery({ queryKey: ["people-search", q], queryFn: ({ signal }) => searchPeople(q, signal), enabled: q.trim().length >= 2 });
  const accounts = useQuery({ queryKey: ["analyst-accounts"], queryFn: ({ signal }) => fetchAnalystAccounts(signal) });
  const add = (p: Picked) => {
    if (!picked.some((x) => keyOf(x.ref) === keyOf(p.ref))) onChange([...picked, p]);
  };
  return (
    <fieldset className="attendee-picker">
      <legend>Attendees</legend>
      <label>
        <span>Find people in the directory</span>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="name or e-mail" />
      </label>
      {people.data && (
        <ul aria-label="Directory matches">
          {people.data.map((p) => (
            <li key={p.id}>
              <button type="button" className="button" onClick={() => add({ ref: { personId: p.id }, name: p.name, detail: p.department ?? "department unknown" })}>
                Add {p.name}
              </button>{" "}
              <span className="muted">{[p.department, p.team].filter(Boolean).join(", ")}</span>
            </li>
          ))}
        </ul>
      )}
      {accounts.data && accounts.data.length > 0 && (
        <label>
          <span>Or an analyst's account</span>
          <select
            value=""
            onChange={(e) => {
              const account = accounts.data.find((a) => String(a.id) === e.target.value);
              if (account) add({ ref: { userId: account.id }, name: account.name, detail: "account" });
            }}
          >
            <option value="">Choose an account…</option>
            {accounts.data.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <ul aria-label="Chosen attendees">
        {picked.map((p) => (
          <li key={keyOf(p.ref)}>
            {p.name} <span className="muted">({p.detail})</span>{" "}
            <button type="button" className="button" aria-label={`Remove ${p.name}`} onClick={() => onChange(picked.filter((x) => keyOf(x.ref) !== keyOf(p.ref)))}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** Schedules a review meeting with its attendees. */
function ScheduleForm({ incidentId, onDone }: { incidentId: number; onDone: () => void }) {
  const [title, setTitle] = useState("Review meeting");
  const [when, setWhen] = useState("");
  const [picked, setPicked] = useState<Picked[]>([]);
  const schedule = useMutation({
    mutationFn: () => scheduleMeeting(incidentId, { title, scheduledAt: new Date(when).toISOString(), attendees: picked.map((p) => p.ref) }),
    onSuccess: onDone,
  });
  return (
    <form
      className="reader-form"
      aria-label="Schedule a review meeting"
      onSubmit={(e) => {
        e.preventDefault();
        schedule.mutate();
      }}
    >
      <label>
        <span>Title</span>
        <input required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        <span>When (your local time)</span>
        <input required type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
      </label>
      <AttendeePicker picked={picked} onChange={setPicked} />
      {schedule.isError && <p role="alert">{schedule.error.message}</p>}
      <button type="submit" className="button button-primary" disabled={schedule.isPending}>
        Schedule
      </button>
    </form>
  );
}

/** One meeting: attendees (editable by analysts), its transcript and who spoke. */
function MeetingCard({ incidentId, meeting, canManage }: { incidentId: number; meeting: ReviewMeeting; canManage: boolean }) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ["incident-meetings", incidentId] });
  const [editing, setEditing] = useState(false);
  const current: Picked[] = meeting.attendees.flatMap((a): Picked[] =>
    a.personId !== null ? [{ ref: { personId: a.personId }, name: a.name, detail: a.department ?? "department unknown" }] : a.userId !== null ? [{ ref: { userId: a.userId }, name: a.name, detail: "account" }] : [],
  );
  const [picked, setPicked] = useState<Picked[]>(current);
  const [unmatched, setUnmatched] = useState<string[] | null>(null);
  const attendees = useMutation({ mutationFn: () => setMeetingAttendees(meeting.id, picked.map((p) => p.ref)), onSuccess: () => { setEditing(false); void refresh(); } });
  const transcript = useMutation({
    mutationFn: async (file: File) => uploadMeetingTranscript(meeting.id, { name: file.name, content: await file.text() }),
    onSuccess: (result) => {
      setUnmatched(result.unmatched);
      void refresh();
    },
  });
  return (
    <article className="meeting-card" data-testid="meeting-card" aria-labelledby={`meeting-${meeting.id}`}>
      <h3 id={`meeting-${meeting.id}`}>
        <Link to={`/incidents/${incidentId}/meetings/${meeting.id}`}>{meeting.title}</Link>
      </h3>
      <p className="muted">
        {new Date(meeting.scheduledAt).toLocaleString()} · {meeting.attendees.length} attendees · <Link to={`/incidents/${incidentId}/meetings/${meeting.id}`}>Open the live page</Link>
      </p>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            attendees.mutate();
          }}
        >
          <AttendeePicker picked={picked} onChange={setPicked} />
          {attendees.isError && <p role="alert">{attendees.error.message}</p>}
          <button type="submit" className="button button-primary" disabled={attendees.isPending}>
            Save attendees
          </button>
        </form>
      ) : (
        <>
          <ul aria-label="Attendees">
            {meeting.attendees.map((a) => (
              <li key={`${a.userId}-${a.personId}-${a.name}`}>
                {a.name} <span className="muted">({a.department ?? "department unknown"})</span>
              </li>
            ))}
          </ul>
          {canManage && (
            <button type="button" className="button" onClick={() => { setPicked(current); setEditing(true); }}>
              Add or remove attendees
            </button>
          )}
        </>
      )}
      <h4>Who spoke</h4>
      {meeting.transcript === null ? (
        <p className="muted">No transcript imported yet: speaking shares are unknown.</p>
      ) : (
        <table className="dashboard-table" aria-label="Speaking share">
          <tbody>
            {meeting.speakers.map((s) => (
              <tr key={s.name}>
                <th scope="row">{s.name}</th>
                <td>{s.department ?? "not in the directory"}</td>
                <td>
                  {Math.round(s.share * 100)}% of {meeting.transcript?.words} words
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {unmatched !== null && unmatched.length > 0 && <p className="muted">Not matched to anyone in the directory: {unmatched.join(", ")}. They are counted under their names.</p>}
      {canManage && (
        <label>
          <span>{meeting.transcript === null ? "Upload the WebVTT transcript" : "Replace the WebVTT transcript"}</span>
          <input
            type="file"
            accept=".vtt,text/vtt"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) transcript.mutate(file);
              e.target.value = "";
            }}
          />
        </label>
      )}
      {transcript.isPending && <p role="status">Reading the transcript…</p>}
      {transcript.isError && <p role="alert">{transcript.error.message}</p>}
    </article>
  );
}

/** The incident's Meetings tab: schedule review meetings, record attendees, import transcripts. */
export function IncidentMeetings() {
  const incidentId = useIncidentId();
  const user = useCurrentUser();
  const client = useQueryClient();
  const canManage = mayEditIncident(user.role);
  const meetings = useQuery({ queryKey: ["incident-meetings", incidentId], queryFn: ({ signal }) => fetchIncidentMeetings(incidentId, signal) });
  const [scheduling, setScheduling] = useState(false);
  return (
    <section className="tab-body" aria-labelledby="meetings-title">
      <div className="page-heading">
        <h2 id="meetings-title" className="section-title">
          Review meetings
        </h2>
        {canManage && !scheduling && (
          <button type="button" className="button button-primary" onClick={() => setScheduling(true)}>
            Schedule a meeting
          </button>
        )}
      </div>
      <p className="muted">Attendees from the directory bring their department, so the dashboard can tell which parts of the company came and spoke.</p>
      {scheduling && (
        <ScheduleForm
          incidentId={incidentId}
          onDone={() => {
            setScheduling(false);
            void client.invalidateQueries({ queryKey: ["incident-meetings", incidentId] });
          }}
        />
      )}
      {meetings.isPending && <p role="status">Loading meetings…</p>}
      {meetings.isError && <p role="alert">{meetings.error.message}</p>}
      {meetings.data?.length === 0 && <p>No review meeting has been scheduled for this incident.</p>}
      {meetings.data?.map((m) => (
        <MeetingCard key={m.id} incidentId={incidentId} meeting={m} canManage={canManage} />
      ))}
    </section>
  );
}
