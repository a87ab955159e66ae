import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { markdown } from "@codemirror/lang-markdown";
import { type Diagnostic, linter, lintGutter } from "@codemirror/lint";
import { Compartment, EditorState, StateEffect } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderText } from "@codemirror/view";
import { useEffect, useImperativeHandle, useRef, type Ref } from "react";
import { type HintOccurrence, numberOccurrences } from "../api/document-hints";
import type { LintHint } from "../api/review-api";

export type { HintOccurrence };

/** What the parent may do with the editor. */
export interface MarkdownEditorHandle {
  /** Inserts text at the cursor (on its own lines) and focuses the editor. */
  insert(text: string): void;
  /** Selects a span (UTF-16 offsets), scrolls it into view and focuses the editor. */
  select(from: number, to: number): void;
}

interface Props {
  value: string;
  onChange(value: string): void;
  readOnly: boolean;
  label: string;
  placeholder?: string;
  /** Wording hints for a text; none when absent. */
  lint?: (text: string) => Promise<LintHint[]>;
  /** Whether an occurrence was dismissed. */
  isDismissed?: (occurrence: HintOccurrence) => boolean;
  onDismiss?: (occurrence: HintOccurrence) => void;
  handle?: Ref<MarkdownEditorHandle>;
  /** A span to select and show when the editor is made (a jump from the whole-review check). */
  selection?: { start: number; end: number } | undefined;
}

/** Asks the hints to be computed again (after a dismissal), though the text did not change. */
const refreshHints = StateEffect.define<null>();

/**
 * The Markdown source editor: CodeMirror 6 with Markdown highlighting, undo history,
 * line wrapping, and wording hints shown as diagnostics that can be dismissed one
 * occurrence at a time.
 */
export function MarkdownEditor({ value, onChange, readOnly, label, placeholder, lint, isDismissed, onDismiss, handle, selection }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const editable = useRef(new Compartment());
  // Dismissed here, before the server has answered: the hint goes at once.
  const dismissedHere = useRef(new Set<string>());
  const callbacks = useRef({ onChange, lint, isDismissed, onDismiss });
  callbacks.current = { onChange, lint, isDismissed, onDismiss };

  useImperativeHandle(handle, () => ({
    insert(text: string) {
      const editor = view.current;
      if (!editor) return;
      const { from, to } = editor.state.selection.main;
      const doc = editor.state.doc;
      const before = from > 0 && doc.sliceString(from - 1, from) !== "\n" ? "\n\n" : from > 1 && doc.sliceString(from - 2, from) !== "\n\n" ? "\n" : "";
      const insert = `${before}${text}\n\n`;
      editor.dispatch({ changes: { from, to, insert }, selection: { anchor: from + insert.length }, scrollIntoView: true });
      editor.focus();
    },
    select(from: number, to: number) {
      const editor = view.current;
      if (!editor) return;
      const length = editor.state.doc.length;
      editor.dispatch({ selection: { anchor: Math.min(from, length), head: Math.min(to, length) }, scrollIntoView: true });
      // The editor may be off screen (the whole-review check sits below it).
      editor.dom.scrollIntoView({ block: "nearest" });
      editor.focus();
    },
  }));

  useEffect(() => {
    if (!host.current) return;
    const hints = linter(
      async (editor) => {
        const source = callbacks.current.lint;
        if (!source) return [];
        const text = editor.state.doc.toString();
        const found = numberOccurrences(text, await source(text).catch(() => []));
        return found
          .filter((hint) => !dismissedHere.current.has(`${hint.category}\u0000${hint.text}\u0000${hint.occurrence}`) && !callbacks.current.isDismissed?.(hint))
          .map(
            (hint): Diagnostic => ({
              from: Math.min(hint.start, text.length),
              to: Math.min(hint.end, text.length),
              severity: "warning",
              source: hint.category,
              message: `${hint.message}${hint.suggestion ? ` Try: ${hint.suggestion}` : ""}`,
              actions: [
                {
                  name: "Dismiss",
                  apply: (target) => {
                    dismissedHere.current.add(`${hint.category}\u0000${hint.text}\u0000${hint.occurrence}`);
                    callbacks.current.onDismiss?.({ category: hint.category, text: hint.text, occurrence: hint.occurrence });
                    target.dispatch({ effects: refreshHints.of(null) });
                  },
                },
              ],
            }),
          );
      },
      { delay: 400, needsRefresh: (update) => update.transactions.some((tr) => tr.effects.some((e) => e.is(refreshHints))) },
    );
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        ...(selection ? { selection: { anchor: Math.min(selection.start, value.length), head: Math.min(selection.end, value.length) } } : {}),
        extensions: [
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          markdown(),
          EditorView.lineWrapping,
          placeholderText(placeholder ?? ""),
          hints,
          lintGutter(),
          editable.current.of([EditorView.editable.of(!readOnly), EditorState.readOnly.of(readOnly)]),
          EditorView.contentAttributes.of({ "aria-label": label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    if (selection) {
      editor.dispatch({ effects: EditorView.scrollIntoView(Math.min(selection.start, value.length), { y: "center" }) });
      editor.dom.scrollIntoView({ block: "nearest" });
      editor.focus();
    }
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is made once; value and readOnly changes are applied below.
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: editable.current.reconfigure([EditorView.editable.of(!readOnly), EditorState.readOnly.of(readOnly)]) });
  }, [readOnly]);

  return <div className="markdown-editor" ref={host} data-testid="markdown-editor" />;
}
