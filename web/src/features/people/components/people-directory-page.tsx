import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useDebouncedValue } from "../../../lib/use-debounced-value";
import { usePeopleDirectory } from "../queries/use-person";

/** Everyone Debrief knows of, each opening their profile. */
export function PeopleDirectoryPage() {
  const [text, setText] = useState("");
  const q = useDebouncedValue(text, 250);
  const people = usePeopleDirectory(q);
  useEffect(() => {
    document.title = "People · Debrief";
  }, []);
  return (
    <main className="page" id="main">
      <h1>People</h1>
      <form className="toolbar" role="search" aria-label="Find a person" onSubmit={(e) => e.preventDefault()}>
        <div className="field field-inline">
          <label htmlFor="people-q">Name or e-mail</label>
          <input id="people-q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
      </form>
      {people.isError ? (
        <p className="form-error" role="alert">
          The people could not be loaded: {people.error.message}
        </p>
      ) : !people.data ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : people.data.length === 0 ? (
        <p className="muted">Nobody matches.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Team now</th>
                <th scope="col">Title</th>
              </tr>
            </thead>
            <tbody>
              {people.data.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/people/${p.id}`}>{p.name}</Link>
                  </td>
                  <td>{p.team ?? <span className="muted">no directory entry</span>}</td>
                  <td>{p.title ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
