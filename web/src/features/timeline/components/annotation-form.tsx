import { useEffect, useId, useState } from "react";
import { ANNOTATION_TAGS, type AnnotationTag } from "../../../api/types";
import { TAG_HINTS, TAG_LABELS } from "../../../lib/tags";
import { discardDraft, readDraft, writeDraft } from "../api/annotation-drafts";

interface AnnotationFormProps {
  /** Tags this user may choose; the others are not offered. */
  allowedTags: readonly AnnotationTag[];
  initialTags: readonly AnnotationTag[];
  initialNote: string;
  submitLabel: string;
  pending: boolean;
  error: string | null;
  onSubmit: (tags: AnnotationTag[], note: string) => void;
  onCancel?: () => void;
  /** Changes when the form should start over (another event, a reloaded annotation). */
  resetKey: string;
  /** Where what is typed is kept until it is saved (see annotation-drafts.ts). */
  draftKey?: string;
}

const sameTags = (a: readonly AnnotationTag[], b: readonly AnnotationTag[]) => a.length === b.length && a.every((t) => b.includes(t));

/** Tags and a note for an annotation, new or edited. */
export function AnnotationForm(props: AnnotationFormProps) {
  // Remount on resetKey so the fields start from the given values.
  return <AnnotationFormFields key={props.resetKey} {...props} />;
}

function AnnotationFormFields({ allowedTags, initialTags, initialNote, submitLabel, pending, error, onSubmit, onCancel, draftKey }: AnnotationFormProps) {
  const [restored] = useState(() => (draftKey ? readDraft(draftKey) : undefined));
  const [tags, setTags] = useState<AnnotationTag[]>(restored ? restored.tags : [...initialTags]);
  const [note, setNote] = useState(restored ? restored.note : initialNote);
  const changed = note !== initialNote || !sameTags(tags, initialTags);

  // Keep what is typed, so moving to another event or closing the panel does not lose it.
  useEffect(() => {
    if (!draftKey) return;
    if (changed) writeDraft(draftKey, { tags, note });
    else discardDraft(draftKey);
  }, [draftKey, changed, tags, note]);
  const [tried, setTried] = useState(false);
  const id = useId();
  const offered = ANNOTATION_TAGS.filter((tag) => allowedTags.includes(tag) || initialTags.includes(tag));
  const missingTag = tags.length === 0;

  const toggle = (tag: AnnotationTag) => setTags((current) => (current.includes(tag) ? current.filter((t) => t !== tag) : [...current, tag]));

  const submit = (event: { preventDefault(): void }) => {
    event.preventDefault();
    setTried(true);
    if (missingTag) return;
    onSubmit(
      ANNOTATION_TAGS.filter((t) => tags.includes(t)),
      note.trim(),
    );
  };

  return (
    <form className="annotation-form" onSubmit={submit} noValidate>
      <fieldset className="tag-picker" aria-describedby={tried && missingTag ? `${id}-tag-error` : undefined}>
        <legend>Tags</legend>
        {offered.map((tag) => (
          <label key={tag} className={`tag-option tag-${tag}`} title={TAG_HINTS[tag]}>
            <input type="checkbox" name="tags" value={tag} checked={tags.includes(tag)} disabled={!allowedTags.includes(tag)} onChange={() => toggle(tag)} />
            <span>{TAG_LABELS[tag]}</span>
          </label>
        ))}
      </fieldset>
      {allowedTags.length === 1 && allowedTags[0] === "question" && <p className="hint">Members can add questions for the analyst to follow up in interviews.</p>}
      {tried && missingTag && (
        <p id={`${id}-tag-error`} className="form-error" role="alert">
          Pick at least one tag.
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-note`}>Note</label>
        <textarea
          id={`${id}-note`}
          name="note"
          rows={4}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="What happened here, and why it matters"
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) submit(e);
          }}
        />
        <p className="hint">Describe what people knew and did, not who was at fault. Ctrl+Enter saves.</p>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {draftKey && changed && (
        <p className="hint draft-hint" data-testid="draft-hint">
          Not saved yet: this draft stays here if you move to another event or close the panel.{" "}
          <button
            type="button"
            className="button-link"
            onClick={() => {
              setTags([...initialTags]);
              setNote(initialNote);
            }}
          >
            Discard the draft
          </button>
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
