import { useQuery } from "@tanstack/react-query";
import { fetchReadership } from "../api/library-api";

/** Readership of one review: totals only, with the privacy rule said where the figures are. */
export function ReadershipPanel({ entryId }: { entryId: number }) {
  const readership = useQuery({ queryKey: ["readership", entryId], queryFn: ({ signal }) => fetchReadership(entryId, signal) });
  return (
    <section id="readership" className="reader-section readership" aria-labelledby="readership-heading">
      <h2 id="readership-heading">Readership</h2>
      {readership.isPending && <p role="status">Loading…</p>}
      {readership.isError && <p role="alert">{readership.error.message}</p>}
      {readership.data && (
        <>
          <p className="privacy-note">{readership.data.privacy}</p>
          <dl className="readership-figures">
            <div>
              <dt>Unique readers</dt>
              <dd>{readership.data.uniqueReaders}</dd>
            </div>
            <div>
              <dt>Median time read</dt>
              <dd>{readership.data.medianVisibleSeconds === null ? "no reads yet" : `${Math.round(readership.data.medianVisibleSeconds / 6) / 10} min`}</dd>
            </div>
            <div>
              <dt>Median share reached</dt>
              <dd>{readership.data.medianShareReached === null ? "no reads yet" : `${Math.round(readership.data.medianShareReached * 100)}%`}</dd>
            </div>
          </dl>
          <div className="readership-tables">
            <table>
              <caption>Readers by department</caption>
              <tbody>
                {readership.data.byDepartment.map((g) => (
                  <tr key={g.name}>
                    <th scope="row">{g.name}</th>
                    <td>{g.readers}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table>
              <caption>Readers by team</caption>
              <tbody>
                {readership.data.byTeam.map((g) => (
                  <tr key={g.name}>
                    <th scope="row">{g.name}</th>
                    <td>{g.readers}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table>
              <caption>Days from publishing to first read</caption>
              <tbody>
                {readership.data.daysToFirstRead.map((d) => (
                  <tr key={d.days}>
                    <th scope="row">{d.days === 0 ? "same day" : `${d.days} d`}</th>
                    <td>{d.readers}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table>
              <caption>By section</caption>
              <thead>
                <tr>
                  <th scope="col">Section</th>
                  <th scope="col">Reached</th>
                  <th scope="col">Questions</th>
                  <th scope="col">A-ha</th>
                </tr>
              </thead>
              <tbody>
                {readership.data.sections.map((s) => (
                  <tr key={s.key}>
                    <th scope="row">
                      <a href={`#section-${s.key}`}>{s.title}</a>
                    </th>
                    <td>{s.reached}</td>
                    <td>{s.questions}</td>
                    <td>{s.ahas}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
