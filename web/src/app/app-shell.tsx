import { useEffect, useState } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { useCurrentUser, useLogout } from "../features/auth/queries/use-me";
import { SearchBox } from "../features/search/components/search-box";
import { mayEditIncident, mayStudy } from "../lib/permissions";

const ROLE_LABELS = { admin: "Admin", analyst: "Analyst", member: "Member", viewer: "Viewer" } as const;

/** The frame around every signed-in page: brand, navigation, who is signed in. */
export function AppShell() {
  const user = useCurrentUser();
  const logout = useLogout();
  // On a phone the navigation folds behind a Menu button; any navigation folds it again.
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/incidents" className="brand">
          Debrief
        </Link>
        <button type="button" className="button button-quiet menu-toggle" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen((open) => !open)}>
          Menu
        </button>
        <nav aria-label="Main" id="main-nav" className={menuOpen ? "topnav topnav-open" : "topnav"}>
          <NavLink to="/incidents">Incidents</NavLink>
          <NavLink to="/library">Library</NavLink>
          {mayEditIncident(user.role) && <NavLink to="/learning">Learning</NavLink>}
          {mayStudy(user.role) && <NavLink to="/follow-ups">Follow-ups</NavLink>}
          {mayStudy(user.role) && <NavLink to="/insights">Insights</NavLink>}
          {mayEditIncident(user.role) && <NavLink to="/imports">Imports</NavLink>}
          {user.role === "admin" ? <NavLink to="/admin">Admin</NavLink> : <NavLink to="/tokens">API tokens</NavLink>}
          <NavLink to="/search" className="nav-narrow-only">
            Search
          </NavLink>
        </nav>
        <SearchBox />
        <div className="whoami">
          <span className="whoami-name">
            {user.name} <span className="role-badge">{ROLE_LABELS[user.role]}</span>
          </span>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => logout.mutate()}
            disabled={logout.isPending}
          >
            Sign out
          </button>
        </div>
      </header>
      <Outlet />
    </div>
  );
}
