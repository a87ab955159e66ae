import type { AnnotationTag } from "../../../api/types";

/*
 * Notes being typed, kept per event (or per annotation being edited) so that clicking
 * another row, pressing Escape or following a link does not lose them. They live in
 * sessionStorage: a reload keeps them, closing the tab ends them.
 */

/** What was typed into an annotation form and not saved yet. */
export interface AnnotationDraft {
  tags: AnnotationTag[];
  note: string;
}

const STORAGE_KEY = "debrief.annotation-drafts";

type Listener = () => void;
const listeners = new Set<Listener>();
let drafts: Record<string, AnnotationDraft> = load();
/** A new object on every change, so React sees the change. */
let snapshot: Readonly<Record<string, AnnotationDraft>> = drafts;

function load(): Record<string, AnnotationDraft> {
  try {
    const raw = globalThis.sessionStorage?.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Record<string, AnnotationDraft>) : {};
  } catch {
    return {};
  }
}

function save(): void {
  snapshot = { ...drafts };
  try {
    globalThis.sessionStorage?.setItem(STORAGE_KEY, JSON.stringify(drafts));
  } catch {
    // A full or unavailable storage only means drafts do not survive a reload.
  }
  for (const listener of listeners) listener();
}

/** The key of the draft of a new annotation on an event. */
export function newAnnotationDraftKey(incidentId: number, eventKey: string): string {
  return `${incidentId}|${eventKey}`;
}

/** The key of the draft of an edit to an annotation. */
export function editDraftKey(incidentId: number, annotationId: number): string {
  return `${incidentId}|edit:${annotationId}`;
}

/** The draft under `key`, if any. */
export function readDraft(key: string): AnnotationDraft | undefined {
  return drafts[key];
}

/** Keeps what was typed; an empty form is no draft. */
export function writeDraft(key: string, draft: AnnotationDraft): void {
  const empty = draft.note.trim() === "" && draft.tags.length === 0;
  if (empty && !(key in drafts)) return;
  if (empty) delete drafts[key];
  else drafts[key] = { tags: [...draft.tags], note: draft.note };
  save();
}

/** Forgets the draft (after it was saved, or on purpose). */
export function discardDraft(key: string): void {
  if (!(key in drafts)) return;
  delete drafts[key];
  save();
}

/** For `useSyncExternalStore`. */
export function subscribeDrafts(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** For `useSyncExternalStore`: every draft, by key. */
export function draftsSnapshot(): Readonly<Record<string, AnnotationDraft>> {
  return snapshot;
}

/** The events of an incident that have a draft of a new annotation, from a snapshot. */
export function eventsWithDrafts(all: Readonly<Record<string, AnnotationDraft>>, incidentId: number): Set<string> {
  const prefix = `${incidentId}|`;
  return new Set(
    Object.keys(all)
      .filter((key) => key.startsWith(prefix) && !key.startsWith(`${prefix}edit:`))
      .map((key) => key.slice(prefix.length)),
  );
}
