import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { apiUrl } from "../../../api/client";
import type { User } from "../../../api/types";
import { formatViewerLocal } from "../../../lib/format-time";
import { useCurrentUser } from "../../auth/queries/use-me";
import { useIncidentId } from "../../incidents/queries/use-incident-id";
import {
  addComment,
  compareVersions,
  conflictCurrent,
  dismissHint,
  draftReview,
  fetchTemplates,
  lintText,
  proposeNarrative,
  pruneReference,
  resolveComment,
  saveSections,
  transition,
  type ReviewBody,
  type ReviewReferenceBody,
  type ReviewStatus,
} from "../api/review-api";
import { reviewKeys, useHintDismissals, useReview, useReviewComments, useReviewReferences } from "../queries/use-review";
import { EvidencePicker } from "./evidence-picker";
import { ReviewQuotePicker } from "../../interviews/components/review-quote-picker";
import { dismissalKey } from "../api/document-hints";
import { MarkdownEditor, type HintOccurrence, type MarkdownEditorHandle } from "./markdown-editor";
import { WholeReviewCheck } from "./whole-review-check";
import { MarkdownPreview } from "./markdown-preview";

const STATUS_LABEL: Record<ReviewStatus, string> = { draft: "Draft", in_review: "In review", published: "Published" };

const mayWrite = (user: User) => user.role === "admin" || user.role === "analyst";
const mayComment = (user: User) => user.role !== "viewer";

/** The whole document as Markdown, section by section. */
function documentMarkdown(review: ReviewBody): string {
  return review.version.sections
    .filter((s) => s.markdown.trim())
    .map((s) => `## ${s.title}\n\n${s.markdown}`)
    .join("\n\n");
}

/**
 * The Review tab: the incident's review in sections, with the Markdown editor and live
 * preview, evidence to quote, comments per section, references to prune, the workflow,
 * and the version history with a readable diff.
 */
export function ReviewView() {
  const incidentId = useIncidentId();
  const user = useCurrentUser();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [viewing, setViewing] = useState<number | null>(null);
  const latest = useReview(incidentId);
  const shown = useReview(incidentId, viewing);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [base, setBase] = useState<{ version: number; revision: number } | null>(null);
  const editor = useRef<MarkdownEditorHandle>(null);
  const writer = mayWrite(user);

  const review = viewing === null ? latest.data : shown.data;
  const isLatest = viewing === null || viewing === latest.data?.latestVersion;
  const sectionKey = params.get("section") ?? review?.version.sections[0]?.key ?? "summary";
  const section = review?.version.sections.find((s) => s.key === sectionKey) ?? review?.version.sections[0];
  const text = section ? (edits[section.key] ?? section.markdown) : "";
  const dirty = section !== undefined && edits[section.key] !== undefined && edits[section.key] !== section.markdown;

  const store = (next: ReviewBody) => {
    client.setQueryData(reviewKeys.version(incidentId, null), next);
    void client.invalidateQueries({ queryKey: reviewKeys.all(incidentId), predicate: (q) => q.queryKey[3] !== null });
    void client.invalidateQueries({ queryKey: ["guide", incidentId] });
    void client.invalidateQueries({ queryKey: ["incident", incidentId] });
    setBase(null);
  };
  const onError = (error: Error) => {
    const current = conflictCurrent(error);
    if (current) {
      // Someone else saved first: their revision becomes the base, the text here is kept, and nothing is overwritten until Save is pressed again.
      client.setQueryData(reviewKeys.version(incidentId, null), current);
      setBase({ version: current.version.number, revision: current.version.revision });
      setNotice(`Someone saved version ${current.version.number} (revision ${current.version.revision}) while you were editing. Your text is still here: compare, then save again to replace theirs, or discard your change.`);
      return;
    }
    setNotice(error.message);
  };

  const [template, setTemplate] = useState<string>("");
  const templates = useQuery({ queryKey: ["review-templates"], queryFn: ({ signal }) => fetchTemplates(signal), enabled: writer && latest.data === null });
  const start = useMutation({ mutationFn: () => draftReview(incidentId, template || undefined), onSuccess: (r) => (store(r), setNotice(null)), onError });
  const save = useMutation({
    mutationFn: () => {
      if (!review || !section) throw new Error("nothing to save");
      const from = base ?? { version: review.version.number, revision: review.version.revision };
      return saveSections(incidentId, from.version, from.revision, [{ key: section.key, markdown: text }]);
    },
    onSuccess: (r) => {
      store(r);
      setEdits((e) => {
        const { [sectionKey]: _, ...rest } = e;
        return rest;
      });
      setNotice(r.version.number !== review?.version.number ? `Version ${review?.version.number} stays as published; your edit started version ${r.version.number}.` : null);
    },
    onError,
  });
  const move = useMutation({
    mutationFn: (to: ReviewStatus) => {
      if (!review) throw new Error("no review");
      return transition(incidentId, review.version.number, review.version.revision, to);
    },
    onSuccess: (r) => (store(r), setNotice(r.version.status === "published" ? `Version ${r.version.number} is published.` : null)),
    onError,
  });
  const propose = useMutation({
    mutationFn: () => {
      if (!review) throw new Error("no review");
      return proposeNarrative(incidentId, review.version.number, review.version.revision);
    },
    onSuccess: (r) => (store(r), setNotice("The narrative holds a proposal from the language model. Read it against the evidence and edit it; it stays marked until you do.")),
    onError,
  });

  const dismissals = useHintDismissals(incidentId, writer && latest.data !== null && latest.data !== undefined);
  const dismiss = useMutation({
    mutationFn: ({ sectionKey: key, ...o }: HintOccurrence & { sectionKey: string }) => dismissHint(incidentId, { sectionKey: key, category: o.category, text: o.text, occurrence: o.occurrence }),
    onSuccess: () => void client.invalidateQueries({ queryKey: reviewKeys.dismissals(incidentId) }),
  });
  const dismissed = useMemo(() => new Set((dismissals.data ?? []).map((d) => dismissalKey(d.sectionKey, d))), [dismissals.data]);

  // The whole-review check, and a hint it asked to be shown once its section's editor is open.
  const [checking, setChecking] = useState(false);
  const [jump, setJump] = useState<{ sectionKey: string; start: number; end: number } | null>(null);
  const openKey = section?.key;
  useEffect(() => {
    if (!jump || jump.sectionKey !== openKey) return;
    editor.current?.select(jump.start, jump.end);
    setJump(null);
  }, [jump, openKey]);

  if (latest.isPending) return <p className="page-status">Loading the review…</p>;
  if (latest.isError) return <p className="form-error">{latest.error.message}</p>;
  if (latest.data === null) {
    return (
      <section className="panel-message" aria-labelledby="no-review">
        <h2 id="no-review">No review yet</h2>
        <p>
          The review tells how we got here. Start the draft and Debrief writes what the evidence already shows — times, the annotated key moments, who was pulled in, and
          references — with every sentence linked to its event. Then tell the story in your words.
        </p>
        {writer ? (
          <div className="form-actions">
            {(templates.data?.length ?? 0) > 1 && (
              <label className="field-inline">
                <span>Template</span>
                <select value={template} onChange={(e) => setTemplate(e.target.value)}>
                  <option value="">the default ({templates.data?.find((t) => t.isDefault)?.name})</option>
                  {templates.data?.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <button type="button" className="button button-primary" onClick={() => start.mutate()} disabled={start.isPending}>
              Start the review
            </button>
          </div>
        ) : (
          <p className="muted">An analyst starts the review.</p>
        )}
        {notice && <p className="form-error">{notice}</p>}
      </section>
    );
  }
  if (!review || !section) return <p className="page-status">Loading the version…</p>;

  const status = review.version.status;
  const editable = writer && isLatest;
  const proposalShown = section.origin === "proposal" && !dirty;

  return (
    <div className="review-layout">
      <nav className="review-sections" aria-label="Review sections">
        <p className="review-status">
          Version {review.version.number} · <strong data-testid="review-status">{STATUS_LABEL[status]}</strong>
        </p>
        <ol>
          {review.version.sections.map((s) => (
            <li key={s.key}>
              <button
                type="button"
                className={s.key === section.key ? "section-link section-link-active" : "section-link"}
                aria-current={s.key === section.key ? "true" : undefined}
                onClick={() => setParams((p) => (p.set("section", s.key), p), { replace: true })}
              >
                {s.title}
                {s.markdown.trim() === "" && edits[s.key] === undefined ? <span className="muted"> · empty</span> : null}
                {edits[s.key] !== undefined && edits[s.key] !== s.markdown ? <span aria-label="unsaved"> •</span> : null}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" className="button button-wide" aria-expanded={checking} onClick={() => setChecking((c) => !c)}>
          {checking ? "Close the whole-review check" : "Check the whole review"}
        </button>
        {writer && isLatest && (
          <div className="review-workflow" aria-label="Workflow">
            {status === "draft" && (
              <button type="button" className="button button-wide" onClick={() => move.mutate("in_review")} disabled={move.isPending}>
                Send for review
              </button>
            )}
            {status === "in_review" && (
              <button type="button" className="button button-wide" onClick={() => move.mutate("draft")} disabled={move.isPending}>
                Back to draft
              </button>
            )}
            {status !== "published" && (
              <button type="button" className="button button-primary button-wide" onClick={() => move.mutate("published")} disabled={move.isPending || dirty}>
                Publish version {review.version.number}
              </button>
            )}
            <button type="button" className="button button-quiet button-wide" onClick={() => start.mutate()} disabled={start.isPending}>
              Refresh from the evidence
            </button>
          </div>
        )}
        <section className="review-export" aria-labelledby="export-title">
          <h3 id="export-title">Export version {review.version.number}</h3>
          <p className="evidence-actions">
            {(["pdf", "html", "md", "json"] as const).map((format) => (
              <a key={format} className="button button-small" href={apiUrl(`/incidents/${incidentId}/review/export`, { format, version: review.version.number })} download>
                {format.toUpperCase()}
              </a>
            ))}
          </p>
        </section>
        <VersionHistory incidentId={incidentId} review={latest.data} viewing={viewing} onView={setViewing} />
      </nav>

      <section className="review-main" aria-labelledby="section-title">
        <h2 id="section-title" className="section-title">
          {section.title}
        </h2>
        <p className="hint">{section.help}</p>
        {status === "published" && isLatest && writer && <p className="notice">Version {review.version.number} is published and frozen. Saving an edit starts version {review.version.number + 1} as a draft.</p>}
        {!isLatest && <p className="notice">You are reading version {review.version.number}. <button type="button" className="button button-small" onClick={() => setViewing(null)}>Back to the latest</button></p>}
        {proposalShown && <p className="notice" data-testid="proposal-notice">Proposed by the language model from the evidence; not yet edited by a person.</p>}
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {editable ? (
          <>
            <MarkdownEditor
              key={`${review.version.number}:${section.key}`}
              label={`${section.title} (Markdown)`}
              value={text}
              readOnly={false}
              placeholder="Write in Markdown. Fenced ```mermaid blocks become diagrams."
              onChange={(value) => setEdits((e) => ({ ...e, [section.key]: value }))}
              lint={(t) => lintText(t)}
              isDismissed={(o) => dismissed.has(dismissalKey(section.key, o))}
              onDismiss={(o) => dismiss.mutate({ sectionKey: section.key, ...o })}
              handle={editor}
              selection={jump?.sectionKey === section.key ? jump : undefined}
            />
            <div className="form-actions">
              <button type="button" className="button button-primary" onClick={() => save.mutate()} disabled={!dirty || save.isPending}>
                {save.isPending ? "Saving…" : "Save section"}
              </button>
              {dirty && (
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => {
                    setEdits((e) => {
                      const { [section.key]: _, ...rest } = e;
                      return rest;
                    });
                    setBase(null);
                    setNotice(null);
                  }}
                >
                  Discard change
                </button>
              )}
              {section.key === "narrative" && (
                <button type="button" className="button button-quiet" onClick={() => propose.mutate()} disabled={propose.isPending || dirty}>
                  Ask the model for a proposal
                </button>
              )}
            </div>
          </>
        ) : null}
        <h3 className="review-preview-title">{editable ? "Preview" : section.title}</h3>
        <div className="review-preview" data-testid="review-preview">
          {text.trim() ? <MarkdownPreview markdown={text} /> : <p className="muted">Nothing written yet.</p>}
        </div>
        {checking && (
          <section className="review-check" aria-labelledby="whole-check-title">
            <h3 id="whole-check-title">Wording in the whole review</h3>
            <WholeReviewCheck
              sections={review.version.sections.map((s) => ({ key: s.key, title: s.title, markdown: edits[s.key] ?? s.markdown }))}
              dismissed={dismissed}
              onJump={(key, hint) => {
                setParams((p) => (p.set("section", key), p), { replace: true });
                setJump({ sectionKey: key, start: hint.start, end: hint.end });
              }}
              onDismiss={editable ? (key, hint) => dismiss.mutate({ sectionKey: key, category: hint.category, text: hint.text, occurrence: hint.occurrence }) : undefined}
            />
          </section>
        )}
        <details className="review-document">
          <summary>The whole document</summary>
          <MarkdownPreview markdown={documentMarkdown(review)} />
        </details>
      </section>

      <aside className="review-side" aria-label="Review tools">
        {editable && <EvidencePicker incidentId={incidentId} disabled={false} onInsert={(markdown) => editor.current?.insert(markdown)} />}
        {editable && <ReviewQuotePicker incidentId={incidentId} onInsert={(markdown) => editor.current?.insert(markdown)} />}
        {writer && section.key === "references" && isLatest && <ReferencesPanel incidentId={incidentId} onChanged={store} />}
        {mayComment(user) && <CommentsPanel incidentId={incidentId} sectionKey={section.key} user={user} />}
      </aside>
    </div>
  );
}

function VersionHistory({ incidentId, review, viewing, onView }: { incidentId: number; review: ReviewBody; viewing: number | null; onView(n: number | null): void }) {
  const [pair, setPair] = useState<{ from: number; to: number } | null>(null);
  const diff = useQuery({ queryKey: ["review", incidentId, "compare", pair], queryFn: () => (pair ? compareVersions(incidentId, pair.from, pair.to) : null), enabled: pair !== null });
  return (
    <section className="review-history" aria-labelledby="history-title">
      <h3 id="history-title">Versions</h3>
      <ol>
        {[...review.versions].reverse().map((v) => (
          <li key={v.number}>
            <button type="button" className="button-quiet section-link" aria-current={(viewing ?? review.latestVersion) === v.number ? "true" : undefined} onClick={() => onView(v.number === review.latestVersion ? null : v.number)}>
              Version {v.number} · {STATUS_LABEL[v.status]}
            </button>
            <span className="muted"> {formatViewerLocal(v.publishedAt ?? v.updatedAt)}</span>
            {v.number > 1 && (
              <button type="button" className="button button-small button-quiet" onClick={() => setPair({ from: v.number - 1, to: v.number })}>
                Changes from {v.number - 1}
              </button>
            )}
          </li>
        ))}
      </ol>
      {pair && diff.data && (
        <div className="review-diff" data-testid="review-diff">
          <h4>
            Version {pair.from} → {pair.to}
          </h4>
          {diff.data.sections
            .filter((s) => s.change !== "same")
            .map((s) => (
              <div key={s.key}>
                <h5>
                  {s.title} <span className="muted">({s.change})</span>
                </h5>
                <p className="diff-text">
                  {s.parts.map((p, i) =>
                    p.kind === "added" ? (
                      <ins key={i}>{p.text}</ins>
                    ) : p.kind === "removed" ? (
                      <del key={i}>{p.text}</del>
                    ) : (
                      <span key={i}>{p.text}</span>
                    ),
                  )}
                </p>
              </div>
            ))}
          {diff.data.sections.every((s) => s.change === "same") && <p className="muted">No changes.</p>}
        </div>
      )}
    </section>
  );
}

function ReferencesPanel({ incidentId, onChanged }: { incidentId: number; onChanged(review: ReviewBody): void }) {
  const client = useQueryClient();
  const references = useReviewReferences(incidentId, true);
  const prune = useMutation({
    mutationFn: ({ id, pruned }: { id: number; pruned: boolean }) => pruneReference(incidentId, id, pruned),
    // The box follows the click at once; the answer brings the refreshed section.
    onMutate: ({ id, pruned }) => {
      client.setQueryData<ReviewReferenceBody[]>(reviewKeys.references(incidentId), (list) => list?.map((r) => (r.id === id ? { ...r, pruned } : r)));
    },
    onError: () => void client.invalidateQueries({ queryKey: reviewKeys.references(incidentId) }),
    onSuccess: (review) => {
      onChanged(review);
      void client.invalidateQueries({ queryKey: reviewKeys.references(incidentId) });
    },
  });
  return (
    <section className="review-panel" aria-labelledby="references-title">
      <h3 id="references-title">Collected references</h3>
      <p className="hint">Untick what does not help a reader; it stays out when the draft is refreshed.</p>
      <ul className="reference-list">
        {(references.data ?? []).map((r) => (
          <li key={r.id}>
            <label className="check">
              <input type="checkbox" checked={!r.pruned} onChange={(e) => prune.mutate({ id: r.id, pruned: !e.target.checked })} aria-label={`Keep ${r.key}`} />
              <span>
                {r.key} <span className="muted">({r.kind.replace("_", " ")})</span>
              </span>
            </label>
          </li>
        ))}
        {references.isSuccess && references.data.length === 0 && <li className="muted">No references found in the messages and annotations.</li>}
      </ul>
    </section>
  );
}

function CommentsPanel({ incidentId, sectionKey, user }: { incidentId: number; sectionKey: string; user: User }) {
  const client = useQueryClient();
  const comments = useReviewComments(incidentId, true);
  const [body, setBody] = useState("");
  const refresh = () => void client.invalidateQueries({ queryKey: reviewKeys.comments(incidentId) });
  const add = useMutation({ mutationFn: () => addComment(incidentId, sectionKey, body), onSuccess: () => (setBody(""), refresh()) });
  const resolve = useMutation({ mutationFn: ({ id, resolved }: { id: number; resolved: boolean }) => resolveComment(incidentId, id, resolved), onSuccess: refresh });
  const here = (comments.data ?? []).filter((c) => c.sectionKey === sectionKey);
  return (
    <section className="review-panel" aria-labelledby="comments-title">
      <h3 id="comments-title">Comments on this section</h3>
      <ul className="comment-list">
        {here.map((c) => (
          <li key={c.id} className={c.resolvedAt ? "comment comment-resolved" : "comment"}>
            <p>
              <strong>{c.author.name}</strong> <span className="muted">on version {c.versionNumber}, {formatViewerLocal(c.createdAt)}</span>
            </p>
            <p>{c.body}</p>
            <button type="button" className="button button-small button-quiet" onClick={() => resolve.mutate({ id: c.id, resolved: c.resolvedAt === null })}>
              {c.resolvedAt ? `Resolved by ${c.resolvedBy?.name ?? "someone"} · reopen` : "Resolve"}
            </button>
          </li>
        ))}
        {comments.isSuccess && here.length === 0 && <li className="muted">No comments yet.</li>}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (body.trim()) add.mutate();
        }}
      >
        <label className="field">
          <span>Add a comment{user.role === "member" ? " (as a participant)" : ""}</span>
          <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={3} />
        </label>
        <button type="submit" className="button button-small" disabled={!body.trim() || add.isPending}>
          Comment
        </button>
      </form>
    </section>
  );
}
