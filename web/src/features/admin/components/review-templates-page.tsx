import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useCurrentUser } from "../../auth/queries/use-me";
import { createTemplate, fetchTemplates, setDefaultTemplate, type ReviewTemplateBody } from "../../review/api/review-api";
import { NotAdmin } from "./accounts-page";
import { AdminTabs, errorText } from "./admin-tabs";

/** The same key the Review tab reads templates under, so a change shows there at once. */
const TEMPLATES_KEY = ["review-templates"] as const;

const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

interface DraftSection {
  /** Stable within the form, so moving a section keeps its inputs. */
  id: number;
  key: string;
  title: string;
  help: string;
}

/** A section key from a title: lower case words joined by `_`, starting with a letter. */
export function keyFromTitle(title: string): string {
  const words = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+|_+$/g, "");
  return words.slice(0, 40).replace(/_+$/, "");
}

let nextId = 1;
const blank = (): DraftSection => ({ id: nextId++, key: "", title: "", help: "" });

/** Review templates (admin): the ones there are, a new one with ordered sections and help text, and the default. */
export function ReviewTemplatesPage() {
  const me = useCurrentUser();
  const client = useQueryClient();
  const templates = useQuery({ queryKey: TEMPLATES_KEY, queryFn: ({ signal }) => fetchTemplates(signal), enabled: me.role === "admin" });
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: TEMPLATES_KEY });
  const makeDefault = useMutation({
    mutationFn: setDefaultTemplate,
    onSuccess: (template) => {
      void refresh();
      setNotice(`New reviews start from “${template.name}”.`);
    },
  });

  useEffect(() => {
    document.title = "Review templates · Admin · Debrief";
  }, []);

  if (me.role !== "admin") return <NotAdmin />;

  return (
    <main className="page admin-page" id="main">
      <h1>Admin</h1>
      <AdminTabs />
      <h2>Review templates</h2>
      <p className="muted">
        A template gives a new review its sections, in order, each with a short note for the writer. Reviews already started keep the sections they began with; the default is what
        an analyst gets unless they pick another.
      </p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {makeDefault.error && (
        <p className="form-error" role="alert">
          {errorText(makeDefault.error)}
        </p>
      )}
      {templates.isPending && <p role="status">Loading templates…</p>}
      {templates.error && <p role="alert">{errorText(templates.error)}</p>}
      {templates.data && (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Sections</th>
                <th scope="col">Default</th>
              </tr>
            </thead>
            <tbody>
              {templates.data.map((template) => (
                <tr key={template.id} data-template={template.name}>
                  <td>
                    {template.name}
                    {template.builtIn && <span className="muted"> · built in</span>}
                    {template.description && <p className="muted">{template.description}</p>}
                  </td>
                  <td>
                    <details>
                      <summary>{template.sections.length} sections</summary>
                      <ol>
                        {template.sections.map((s) => (
                          <li key={s.key}>
                            {s.title} <code>{s.key}</code>
                          </li>
                        ))}
                      </ol>
                    </details>
                  </td>
                  <td>
                    {template.isDefault ? (
                      <strong>Default</strong>
                    ) : (
                      <button type="button" className="button button-quiet" disabled={makeDefault.isPending} onClick={() => makeDefault.mutate(template.id)} aria-label={`Make “${template.name}” the default`}>
                        Make default
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewTemplateForm
        templates={templates.data ?? []}
        onCreated={(template) => {
          void refresh();
          setNotice(template.isDefault ? `“${template.name}” is added and new reviews start from it.` : `“${template.name}” is added.`);
        }}
      />
    </main>
  );
}

function NewTemplateForm({ templates, onCreated }: { templates: readonly ReviewTemplateBody[]; onCreated(template: ReviewTemplateBody): void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [sections, setSections] = useState<DraftSection[]>(() => [blank()]);
  const [isDefault, setIsDefault] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [source, setSource] = useState("");
  const create = useMutation({
    mutationFn: createTemplate,
    onSuccess: (template) => {
      setName("");
      setDescription("");
      setSections([blank()]);
      setIsDefault(false);
      onCreated(template);
    },
  });

  const change = (id: number, patch: Partial<DraftSection>) => setSections((list) => list.map((s) => (s.id === id ? { ...s, ...patch } : s)));
  const move = (index: number, by: -1 | 1) =>
    setSections((list) => {
      const target = index + by;
      const a = list[index];
      const b = list[target];
      if (!a || !b) return list;
      const next = [...list];
      next[index] = b;
      next[target] = a;
      return next;
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Checked here first so the problem names the section; the server checks the same again.
    const ready = sections.map((s) => ({ key: s.key.trim() || keyFromTitle(s.title), title: s.title.trim(), help: s.help.trim() }));
    for (const [i, s] of ready.entries()) {
      if (!s.title) return setProblem(`Section ${i + 1} needs a title.`);
      if (!KEY_PATTERN.test(s.key)) return setProblem(`Section ${i + 1} (“${s.title}”): the key “${s.key}” must be lower case letters, digits and _, starting with a letter.`);
      if (ready.findIndex((o) => o.key === s.key) !== i) return setProblem(`Section ${i + 1} (“${s.title}”): the key “${s.key}” is already used by another section.`);
    }
    setProblem(null);
    create.mutate({ name: name.trim(), description: description.trim(), sections: ready, isDefault });
  };

  return (
    <form className="review-panel" onSubmit={submit} aria-labelledby="new-template-title">
      <h3 id="new-template-title">Add a template</h3>
      <div className="field">
        <label htmlFor="template-name">Template name</label>
        <input id="template-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="template-description">Description</label>
        <textarea id="template-description" rows={2} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} placeholder="When to use it, in a sentence" />
      </div>
      {templates.length > 0 && (
        <div className="field-inline">
          <label htmlFor="template-source">Start from the sections of</label>
          <select id="template-source" value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="">—</option>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button-quiet"
            disabled={!source}
            onClick={() => {
              const from = templates.find((t) => t.id === source);
              if (from) setSections(from.sections.map((s) => ({ id: nextId++, key: s.key, title: s.title, help: s.help })));
            }}
          >
            Copy them
          </button>
        </div>
      )}
      <h4>Sections, in the order a reader meets them</h4>
      <ol className="template-sections">
        {sections.map((s, i) => (
          <li key={s.id} className="template-section" data-testid="template-section">
            <div className="field">
              <label htmlFor={`section-title-${s.id}`}>Title of section {i + 1}</label>
              <input id={`section-title-${s.id}`} maxLength={200} value={s.title} onChange={(e) => change(s.id, { title: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`section-key-${s.id}`}>Key of section {i + 1}</label>
              <input id={`section-key-${s.id}`} maxLength={40} value={s.key} placeholder={keyFromTitle(s.title) || "made from the title"} onChange={(e) => change(s.id, { key: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`section-help-${s.id}`}>Help text of section {i + 1}</label>
              <textarea id={`section-help-${s.id}`} rows={3} maxLength={4000} value={s.help} onChange={(e) => change(s.id, { help: e.target.value })} placeholder="What belongs here, and what to leave out" />
            </div>
            <p className="evidence-actions">
              <button type="button" className="button button-small button-quiet" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move section ${i + 1} up`}>
                Up
              </button>
              <button type="button" className="button button-small button-quiet" disabled={i === sections.length - 1} onClick={() => move(i, 1)} aria-label={`Move section ${i + 1} down`}>
                Down
              </button>
              <button type="button" className="button button-small button-quiet" disabled={sections.length === 1} onClick={() => setSections((list) => list.filter((o) => o.id !== s.id))} aria-label={`Remove section ${i + 1}`}>
                Remove
              </button>
            </p>
          </li>
        ))}
      </ol>
      <p className="form-actions">
        <button type="button" className="button" onClick={() => setSections((list) => [...list, blank()])} disabled={sections.length >= 40}>
          Add a section
        </button>
      </p>
      <label className="check">
        <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} />
        <span>New reviews start from this template</span>
      </label>
      {(problem || create.error) && (
        <p className="form-error" role="alert">
          {problem ?? errorText(create.error)}
        </p>
      )}
      <p className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending || !name.trim()}>
          Create template
        </button>
      </p>
    </form>
  );
}
