import { type FormEvent, useId, useState } from "react";
import { isApiError } from "../../../api/client";
import { useDebouncedValue } from "../../../lib/use-debounced-value";
import { type CreateFollowUpRequest, FOLLOW_UP_KINDS, type FollowUpKind, type OwnerCandidate } from "../api/follow-ups-api";
import { useFollowUpMutations, useOwnerSearch } from "../queries/use-follow-ups";

const KIND_LABELS: Record<FollowUpKind, string> = { recovery: "Recovery", prevention: "Prevention" };
const KIND_HINTS: Record<FollowUpKind, string> = {
  recovery: "puts back what the incident broke or used up (data, capacity, trust)",
  prevention: "makes a repeat less likely, or less harmful when it comes",
};

interface FollowUpFormProps {
  incidentId: number;
  /** The timeline event or annotation this follow-up comes from. */
  context?: CreateFollowUpRequest["context"];
  /** What the context says, shown above the form. */
  contextPreview?: { quote: string; author: string | null } | null;
  onDone: (message: string) => void;
  onCancel?: () => void;
}

/** Title, kind, owner (a person), due day and tracker link of a new follow-up. */
export function FollowUpForm({ incidentId, context, contextPreview, onDone, onCancel }: FollowUpFormProps) {
  const ids = useId();
  const { create } = useFollowUpMutations();
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState<FollowUpKind>("prevention");
  const [ownerText, setOwnerText] = useState("");
  const [owner, setOwner] = useState<OwnerCandidate | null>(null);
  const [dueDate, setDueDate] = useState("");
  const [trackerUrl, setTrackerUrl] = useState("");
  const [error, setError] = useState<string | null>(null);
  const search = useOwnerSearch(useDebouncedValue(ownerText, 200));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    create.mutate(
      {
        incidentId,
        input: {
          title: title.trim(),
          kind,
          ownerPersonId: owner?.id ?? null,
          dueDate: dueDate || null,
          trackerUrl: trackerUrl.trim() || null,
          ...(context ? { context } : {}),
        },
      },
      {
        onSuccess: (followUp) => onDone(`Follow-up “${followUp.title}” added.`),
        onError: (failure) => setError(isApiError(failure, 403) ? "Your role may not add follow-ups." : `It could not be saved: ${failure.message}`),
      },
    );
  };

  return (
    <form className="follow-up-form" onSubmit={submit} aria-label="New follow-up">
      {contextPreview && (
        <blockquote className="follow-up-context">
          {contextPreview.quote || "(no text)"}
          {contextPreview.author && <footer>— {contextPreview.author}</footer>}
        </blockquote>
      )}
      <div className="field">
        <label htmlFor={`${ids}-title`}>Title</label>
        <input id={`${ids}-title`} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} placeholder="What will be done, e.g. alert when the pool is 80% used" />
      </div>
      <fieldset className="field">
        <legend>Kind</legend>
        {FOLLOW_UP_KINDS.map((value) => (
          <label key={value} className="check">
            <input type="radio" name={`${ids}-kind`} value={value} checked={kind === value} onChange={() => setKind(value)} /> {KIND_LABELS[value]}{" "}
            <span className="muted">— {KIND_HINTS[value]}</span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${ids}-owner`}>Owner</label>
        {owner ? (
          <p className="follow-up-owner">
            <strong>{owner.name}</strong>
            {owner.team && <span className="muted"> · {owner.team}</span>}{" "}
            <button type="button" className="button button-small button-quiet" onClick={() => setOwner(null)}>
              Change
            </button>
          </p>
        ) : (
          <>
            <input id={`${ids}-owner`} value={ownerText} onChange={(e) => setOwnerText(e.target.value)} placeholder="Type a name or e-mail" autoComplete="off" />
            {(search.data ?? []).length > 0 && (
              <ul className="owner-choices" aria-label="Matching people">
                {(search.data ?? []).map((person) => (
                  <li key={person.id}>
                    <button type="button" className="button button-small" onClick={() => setOwner(person)}>
                      {person.name}
                      {person.team ? ` · ${person.team}` : ""}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${ids}-due`}>Due</label>
        <input id={`${ids}-due`} type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-tracker`}>Tracker link</label>
        <input id={`${ids}-tracker`} type="url" value={trackerUrl} onChange={(e) => setTrackerUrl(e.target.value)} placeholder="https://…/browse/PAY-123, a GitHub, GitLab or Linear issue" />
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending || title.trim() === ""}>
          Add follow-up
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
