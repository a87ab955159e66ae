import { ANNOTATION_TAGS, type AnnotationTag, type EventSource, type Participant } from "../../../api/types";
import { TAG_LABELS } from "../../../lib/tags";
import { sourceLabel } from "./tag-chip";

const SOURCES: readonly EventSource[] = ["slack", "pagerduty", "transcript"];

/** What the filter bar edits: the URL's search parameters, read back as values. */
export interface TimelineFilterValues {
  sources: EventSource[];
  person: number | null;
  tag: AnnotationTag | null;
  /** The search box as typed (the query uses it once typing settles). */
  text: string;
}

interface TimelineFiltersProps {
  values: TimelineFilterValues;
  people: readonly Participant[];
  onChange: (change: Partial<TimelineFilterValues>) => void;
}

/** Reads the filters from the address. */
export function readTimelineFilters(params: URLSearchParams): Omit<TimelineFilterValues, "text"> & { q: string } {
  const sources = params.getAll("source").filter((s): s is EventSource => (SOURCES as readonly string[]).includes(s));
  const person = Number(params.get("person"));
  const tag = params.get("tag");
  return {
    sources,
    person: Number.isInteger(person) && person > 0 ? person : null,
    tag: (ANNOTATION_TAGS as readonly string[]).includes(tag ?? "") ? (tag as AnnotationTag) : null,
    q: params.get("q") ?? "",
  };
}

/** Narrow the timeline by source, person, tag and text. */
export function TimelineFilters({ values, people, onChange }: TimelineFiltersProps) {
  const sorted = [...people].sort((a, b) => a.person.name.localeCompare(b.person.name));
  const toggleSource = (source: EventSource) => {
    const current = values.sources.length === 0 ? [...SOURCES] : values.sources;
    const next = current.includes(source) ? current.filter((s) => s !== source) : [...current, source];
    // All sources (or none) means no filter.
    onChange({ sources: next.length === SOURCES.length || next.length === 0 ? [] : next });
  };
  return (
    <form className="toolbar timeline-filters" role="search" aria-label="Filter the timeline" onSubmit={(e) => e.preventDefault()}>
      <div className="field field-inline">
        <label htmlFor="timeline-q">Search</label>
        <input id="timeline-q" type="search" placeholder="Words in messages" value={values.text} onChange={(e) => onChange({ text: e.target.value })} />
      </div>
      <div className="field field-inline">
        <label htmlFor="timeline-person">Person</label>
        <select id="timeline-person" value={values.person ?? ""} onChange={(e) => onChange({ person: e.target.value ? Number(e.target.value) : null })}>
          <option value="">Everyone</option>
          {sorted.map((p) => (
            <option key={p.person.id} value={p.person.id}>
              {p.person.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor="timeline-tag">Tag</label>
        <select id="timeline-tag" value={values.tag ?? ""} onChange={(e) => onChange({ tag: (e.target.value || null) as AnnotationTag | null })}>
          <option value="">Any</option>
          {ANNOTATION_TAGS.map((tag) => (
            <option key={tag} value={tag}>
              {TAG_LABELS[tag]}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="source-filter">
        <legend>Sources</legend>
        {SOURCES.map((source) => (
          <label key={source} className="check">
            <input type="checkbox" checked={values.sources.length === 0 || values.sources.includes(source)} onChange={() => toggleSource(source)} />
            {sourceLabel(source)}
          </label>
        ))}
      </fieldset>
    </form>
  );
}
