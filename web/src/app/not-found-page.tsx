import { Link } from "react-router";

/** A path this app does not have. */
export function NotFoundPage() {
  return (
    <main className="page" id="main">
      <h1>Not found</h1>
      <p>
        There is nothing here. <Link to="/incidents">Back to the incidents</Link>.
      </p>
    </main>
  );
}
