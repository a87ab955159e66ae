import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import { Link, useParams } from "react-router";
import remarkGfm from "remark-gfm";
import type { FollowUpStatus } from "../../../../../src/core/follow-up-kinds.js";
import type { ReaderPage as ReaderData } from "../../../../../src/core/learning.js";
import { askQuestion, fetchReaderPage, markAha, toggleReaction } from "../api/library-api";
import { useReadingBeacon } from "../queries/use-reading-beacon";
import { MermaidDiagram } from "./mermaid-diagram";
import { ReadershipPanel } from "./readership-panel";
import "../library.css";

const REACTION_LABELS: Record<string, string> = { thanks: "Thanks", insightful: "Insightful", surprised: "Surprised", same_here: "Same here" };

type Section = ReaderData["sections"][number];

/** Markdown as the reader sees it: diagrams drawn, evidence links kept inside the app, no raw HTML. */
const MARKDOWN_COMPONENTS: Components = {
  code({ className, children }) {
    const source = String(children ?? "");
    if (/\blanguage-mermaid\b/.test(className ?? "")) return <MermaidDiagram source={source.trim()} />;
    return <code className={className}>{children}</code>;
  },
  a({ href, children }) {
    if (href?.startsWith("/incidents/")) {
      return (
        <Link to={href} className="evidence-link" title="Open the evidence on the timeline">
          {children}
        </Link>
      );
    }
    return (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    );
  },
};

/** A published review, made for reading: table of contents, the text, and the reader's questions and a-ha marks. */
export function ReaderPage() {
  const entryId = Number(useParams().entryId);
  const page = useQuery({ queryKey: ["reader", entryId], queryFn: ({ signal }) => fetchReaderPage(entryId, signal), enabled: Number.isInteger(entryId) });
  const article = useRef<HTMLElement>(null);
  useReadingBeacon(page.data ? entryId : null, article);

  if (page.isPending) return <main id="main" className="page"><p role="status">Loading the review…</p></main>;
  if (page.isError) return <main id="main" className="page"><h1>Review not available</h1><p>{page.error.message}</p></main>;
  const data = page.data;
  const { entry } = data;
  return (
    <main id="main" className="page reader-page">
      <nav className="reader-toc" aria-label="Contents">
        <p className="reader-toc-title">Contents</p>
        <ol>
          {data.sections.map((s) => (
            <li key={s.key}>
              <a href={`#section-${s.key}`}>{s.title}</a>
              {(s.questions > 0 || s.ahas > 0) && (
                <span className="muted">
                  {" "}
                  · {s.questions} ? · {s.ahas} a-ha
                </span>
              )}
            </li>
          ))}
          <li>
            <a href="#follow-ups">Follow-ups</a>
          </li>
          {data.canSeeReadership && (
            <li>
              <a href="#readership">Readership</a>
            </li>
          )}
        </ol>
        <p className="muted reader-toc-hint">Select words in the text, then press “I didn't know that” to mark what surprised you.</p>
      </nav>
      <article className="reader-article" ref={article}>
        <header className="reader-head">
          <p className="muted">
            <Link to="/library">Library</Link> · Incident review{entry.version > 1 ? `, version ${entry.version}` : ""}
          </p>
          <h1>{entry.title}</h1>
          <p className="library-meta">
            Published {new Date(entry.publishedAt).toLocaleDateString()} by {entry.authors.join(", ") || "the analysis team"} · {entry.readers} readers
          </p>
          {!data.canOpenEvidence && <p className="muted reader-note">Quotes are shown as they were said; the conversations they come from are open to members and analysts.</p>}
        </header>
        {data.sections.map((section) => (
          <ReaderSection key={section.key} entryId={entryId} section={section} data={data} />
        ))}
        <section id="follow-ups" className="reader-section">
          <h2>Follow-ups</h2>
          {data.followUps === null ? (
            <p className="muted">The follow-ups of this review and where they stand are open to members and analysts.</p>
          ) : data.followUps.length === 0 ? (
            <p>No follow-ups were recorded for this incident.</p>
          ) : (
            <ul data-testid="reader-follow-ups">
              {data.followUps.map((f) => (
                <li key={f.id}>
                  <Link to={`/incidents/${entry.incidentId}/follow-ups`}>{f.title}</Link> — <strong>{FOLLOW_UP_STATUS_LABELS[f.status]}</strong>
                  {f.owner ? `, ${f.owner}` : ", no owner"}
                  {f.dueDate ? `, due ${f.dueDate}` : ""}
                  {f.overdue ? <strong className="overdue"> · overdue</strong> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
        {data.canSeeReadership && <ReadershipPanel entryId={entryId} />}
      </article>
    </main>
  );
}

const FOLLOW_UP_STATUS_LABELS: Record<FollowUpStatus, string> = { open: "open", in_progress: "in progress", done: "done", wont_do: "won't do" };

function ReaderSection({ entryId, section, data }: { entryId: number; section: Section; data: ReaderData }) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ["reader", entryId] });
  const body = useRef<HTMLDivElement>(null);
  const [asking, setAsking] = useState(false);
  const [question, setQuestion] = useState("");
  const [aha, setAha] = useState<{ passage: string; note: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ask = useMutation({ mutationFn: (input: { body: string; parentId?: number }) => askQuestion(entryId, { sectionKey: section.key, ...input }), onSuccess: refresh, onError: (e) => setError(e.message) });
  const mark = useMutation({ mutationFn: (input: { passage: string; note: string }) => markAha(entryId, { sectionKey: section.key, passage: input.passage, ...(input.note ? { note: input.note } : {}) }), onSuccess: () => { setAha(null); void refresh(); }, onError: (e) => setError(e.message) });
  const react = useMutation({ mutationFn: (reaction: Section["myReactions"][number]) => toggleReaction(entryId, { sectionKey: section.key, reaction }), onSuccess: refresh });
  const questions = data.questions.filter((q) => q.sectionKey === section.key);
  const ahas = data.ahas.filter((a) => a.sectionKey === section.key);

  const startAha = () => {
    const selection = window.getSelection();
    const text = selection && body.current && selection.rangeCount > 0 && body.current.contains(selection.anchorNode) ? selection.toString().trim() : "";
    setError(null);
    setAha({ passage: text.slice(0, 1000), note: "" });
  };

  return (
    <section id={`section-${section.key}`} className="reader-section" data-section-key={section.key} aria-labelledby={`heading-${section.key}`}>
      <h2 id={`heading-${section.key}`}>{section.title}</h2>
      <div className="reader-prose" ref={body}>
        <ReactMarkdown remarkPlugins={[remarkGfm]} components={MARKDOWN_COMPONENTS} skipHtml>
          {section.markdown}
        </ReactMarkdown>
      </div>
      <div className="reader-actions">
        <button type="button" className="button button-small" onMouseDown={(e) => e.preventDefault()} onClick={startAha}>
          I didn't know that
        </button>
        <button type="button" className="button button-small" onClick={() => setAsking((v) => !v)} aria-expanded={asking}>
          Ask a question
        </button>
        <span className="reader-reactions" role="group" aria-label={`Reactions to ${section.title}`}>
          {(Object.keys(REACTION_LABELS) as Section["myReactions"]).map((r) => (
            <button key={r} type="button" className={section.myReactions.includes(r) ? "chip chip-on" : "chip"} aria-pressed={section.myReactions.includes(r)} onClick={() => react.mutate(r)}>
              {REACTION_LABELS[r]} {section.reactions[r] ? section.reactions[r] : ""}
            </button>
          ))}
        </span>
      </div>
      {error && <p role="alert" className="form-error">{error}</p>}
      {aha && (
        <form
          className="reader-form"
          aria-label="I didn't know that"
          onSubmit={(e) => {
            e.preventDefault();
            mark.mutate(aha);
          }}
        >
          <label>
            <span>Passage</span>
            <textarea required rows={2} maxLength={1000} value={aha.passage} onChange={(e) => setAha({ ...aha, passage: e.target.value })} placeholder="The words that surprised you, as they are in the text" />
          </label>
          <label>
            <span>Note (optional, one line)</span>
            <input maxLength={200} value={aha.note} onChange={(e) => setAha({ ...aha, note: e.target.value })} placeholder="What you had thought instead" />
          </label>
          <div className="form-buttons">
            <button type="submit" className="button button-primary" disabled={mark.isPending}>
              Mark it
            </button>
            <button type="button" className="button button-quiet" onClick={() => setAha(null)}>
              Cancel
            </button>
          </div>
          <p className="muted">Others see the passage and your note, never who marked it.</p>
        </form>
      )}
      {asking && (
        <form
          className="reader-form"
          aria-label={`Question on ${section.title}`}
          onSubmit={(e) => {
            e.preventDefault();
            ask.mutate({ body: question }, { onSuccess: () => { setQuestion(""); setAsking(false); } });
          }}
        >
          <label>
            <span>Your question</span>
            <textarea required rows={3} maxLength={4000} value={question} onChange={(e) => setQuestion(e.target.value)} />
          </label>
          <div className="form-buttons">
            <button type="submit" className="button button-primary" disabled={ask.isPending}>
              Ask
            </button>
          </div>
        </form>
      )}
      {ahas.length > 0 && (
        <div className="reader-ahas">
          <h3>
            “I didn't know that” <span className="muted">({ahas.length})</span>
          </h3>
          <ul>
            {ahas.map((a) => (
              <li key={a.id}>
                <q>{a.passage}</q>
                {a.note && <span> — {a.note}</span>}
                {a.mine && <span className="muted"> (yours)</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {questions.length > 0 && (
        <div className="reader-questions">
          <h3>Questions ({questions.length})</h3>
          <ul>
            {questions.map((q) => (
              <QuestionThread key={q.id} question={q} onReply={(text) => ask.mutate({ body: text, parentId: q.id })} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function QuestionThread({ question, onReply }: { question: ReaderData["questions"][number]; onReply: (text: string) => void }) {
  const [reply, setReply] = useState("");
  return (
    <li className="question">
      <p>
        <strong>{question.author.name}</strong> <span className="muted">{new Date(question.createdAt).toLocaleDateString()}</span>
      </p>
      <p>{question.body}</p>
      {question.replies.length > 0 && (
        <ul className="question-replies">
          {question.replies.map((r) => (
            <li key={r.id}>
              <strong>{r.author.name}</strong>: {r.body}
            </li>
          ))}
        </ul>
      )}
      <form
        className="question-reply"
        onSubmit={(e) => {
          e.preventDefault();
          if (reply.trim()) onReply(reply.trim());
          setReply("");
        }}
      >
        <input aria-label={`Answer ${question.author.name}`} value={reply} maxLength={4000} onChange={(e) => setReply(e.target.value)} placeholder="Answer" />
        <button type="submit" className="button button-small">
          Answer
        </button>
      </form>
    </li>
  );
}
