import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useParams } from "react-router";
import { addMeetingMark, fetchMeeting } from "../../library/api/library-api";
import "../../library/library.css";

const KINDS = [
  { kind: "aha", label: "A-ha moment" },
  { kind: "question", label: "Question" },
  { kind: "follow_up", label: "Follow-up (parking lot)" },
] as const;

/** The live page of a review meeting: mark a-ha moments, questions and follow-ups as they come up. */
export function MeetingPage() {
  const meetingId = Number(useParams().meetingId);
  const client = useQueryClient();
  // Others mark too: look again every few seconds while the page is open.
  const meeting = useQuery({ queryKey: ["meeting", meetingId], queryFn: ({ signal }) => fetchMeeting(meetingId, signal), refetchInterval: 5000 });
  const [text, setText] = useState("");
  const [kind, setKind] = useState<(typeof KINDS)[number]["kind"]>("aha");
  const add = useMutation({ mutationFn: () => addMeetingMark(meetingId, { kind, text }), onSuccess: () => { setText(""); void client.invalidateQueries({ queryKey: ["meeting", meetingId] }); } });
  if (meeting.isPending) return <main id="main" className="page"><p role="status">Loading the meeting…</p></main>;
  if (meeting.isError) return <main id="main" className="page"><h1>Meeting not available</h1><p>{meeting.error.message}</p></main>;
  const m = meeting.data;
  return (
    <main id="main" className="page meeting-page">
      <h1>{m.title}</h1>
      <p className="muted">{new Date(m.scheduledAt).toLocaleString()} · {m.attendees.length} attendees</p>
      <form
        className="reader-form"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <fieldset>
          <legend>Mark during the meeting</legend>
          {KINDS.map((k) => (
            <label key={k.kind} className="inline">
              <input type="radio" name="kind" checked={kind === k.kind} onChange={() => setKind(k.kind)} /> {k.label}
            </label>
          ))}
        </fieldset>
        <label>
          <span>What was said</span>
          <input required maxLength={1000} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          Add
        </button>
      </form>
      <div className="meeting-columns">
        {KINDS.map((k) => (
          <section key={k.kind}>
            <h2>{k.label}</h2>
            <ul>
              {m.marks
                .filter((x) => x.kind === k.kind)
                .map((x) => (
                  <li key={x.id}>
                    {x.text} <span className="muted">{new Date(x.at).toLocaleTimeString()}</span>
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </div>
      <section>
        <h2>Who spoke</h2>
        {m.transcript === null ? (
          <p className="muted">No transcript imported yet: speaking shares are unknown.</p>
        ) : (
          <table className="dashboard-table">
            <tbody>
              {m.speakers.map((s) => (
                <tr key={s.name}>
                  <th scope="row">{s.name}</th>
                  <td>{s.department ?? "not in the directory"}</td>
                  <td>{Math.round(s.share * 100)}% of {m.transcript?.words} words</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
