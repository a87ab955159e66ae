import { useRef } from "react";
import { Navigate, Outlet, useLocation } from "react-router";
import { useMe } from "../features/auth/queries/use-me";

/** Renders its routes only for a signed-in user; everyone else goes to the login page. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  // Whether this page had a user before: then a missing one means the session ended.
  const hadUser = useRef(false);
  if (me.data) hadUser.current = true;

  if (me.isPending) {
    return (
      <p className="page-status" role="status">
        Loading…
      </p>
    );
  }
  if (me.isError) {
    return (
      <main className="page-status" role="alert">
        <h1>Debrief is not answering</h1>
        <p>The server could not be reached. Check that it is running, then reload the page.</p>
      </main>
    );
  }
  if (!me.data) {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return <Navigate to={`/login?next=${next}${hadUser.current ? "&expired=1" : ""}`} replace />;
  }
  return <Outlet />;
}
