import { useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { fetchLibrary, type LibraryFilters } from "../api/library-api";
import "../library.css";

const FIELDS = ["q", "service", "team", "tag", "from", "to"] as const;

function filtersFrom(params: URLSearchParams): LibraryFilters {
  const filters: LibraryFilters = {};
  for (const field of FIELDS) {
    const value = params.get(field);
    if (value) filters[field] = value;
  }
  filters.sort = params.get("sort") === "most_read" ? "most_read" : "newest";
  return filters;
}

/** The library: every published review, searchable, for every signed-in account. */
export function LibraryPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const library = useQuery({ queryKey: ["library", filters], queryFn: ({ signal }) => fetchLibrary(filters, signal) });
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const [key, value] of data.entries()) if (typeof value === "string" && value.trim() !== "") next.set(key, value.trim());
    setParams(next);
  };
  const facets = library.data?.facets;
  return (
    <main id="main" className="page library-page">
      <div className="page-head">
        <h1>Library</h1>
        <p className="muted">Published incident reviews: what happened, how it made sense at the time, and what we learned.</p>
      </div>
      <form className="library-search" role="search" onSubmit={onSubmit} key={params.toString()}>
        <label>
          <span>Search</span>
          <input name="q" type="search" defaultValue={filters.q ?? ""} placeholder="Words in the title or text" />
        </label>
        <label>
          <span>Service</span>
          <select name="service" defaultValue={filters.service ?? ""}>
            <option value="">Any</option>
            {facets?.services.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          <span>Team</span>
          <select name="team" defaultValue={filters.team ?? ""}>
            <option value="">Any</option>
            {facets?.teams.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          <span>Tag</span>
          <select name="tag" defaultValue={filters.tag ?? ""}>
            <option value="">Any</option>
            {facets?.tags.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          <span>From</span>
          <input name="from" type="date" defaultValue={filters.from ?? ""} />
        </label>
        <label>
          <span>To</span>
          <input name="to" type="date" defaultValue={filters.to ?? ""} />
        </label>
        <label>
          <span>Order</span>
          <select name="sort" defaultValue={filters.sort}>
            <option value="newest">Newest</option>
            <option value="most_read">Most read</option>
          </select>
        </label>
        <button type="submit" className="button button-primary">
          Search
        </button>
      </form>
      {library.isPending && <p role="status">Loading the library…</p>}
      {library.isError && <p role="alert">The library could not be loaded: {library.error.message}</p>}
      {library.data && (
        <>
          <p className="muted" role="status">
            {library.data.total === 1 ? "1 review" : `${library.data.total} reviews`}
          </p>
          <ol className="library-list">
            {library.data.items.map((item) => (
              <li key={item.id} className="library-card">
                <h2>
                  <Link to={`/library/${item.id}`}>{item.title}</Link>
                </h2>
                <p className="library-meta">
                  Published {new Date(item.publishedAt).toLocaleDateString()} · {item.authors.join(", ") || "no author recorded"}
                  {item.version > 1 ? ` · version ${item.version}` : ""}
                </p>
                <p>{item.excerpt}</p>
                <p className="library-chips">
                  {[...item.services, ...item.teams, ...item.tags].map((chip) => (
                    <span key={chip} className="chip">
                      {chip}
                    </span>
                  ))}
                </p>
                <p className="library-counts">
                  <span>{item.readers} readers</span> · <span>{item.questions} questions</span> · <span>{item.ahas} a-ha marks</span>
                </p>
              </li>
            ))}
          </ol>
          {library.data.items.length === 0 && <p>No published review matches. Try fewer filters.</p>}
        </>
      )}
    </main>
  );
}
