import { NavLink } from "react-router";
import { isApiError } from "../../../api/client";

/** The admin area's sections. */
export function AdminTabs() {
  return (
    <nav aria-label="Admin" className="tabs">
      <NavLink to="/admin/accounts">Accounts</NavLink>
      <NavLink to="/admin/audit">Audit trail</NavLink>
      <NavLink to="/admin/review-templates">Review templates</NavLink>
      <NavLink to="/tokens">My API tokens</NavLink>
    </nav>
  );
}

/** The server's error line, or a plain sentence when it could not be reached. */
export function errorText(error: unknown): string {
  if (isApiError(error)) return error.message;
  return "Debrief could not be reached. Try again in a moment.";
}
