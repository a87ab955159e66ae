/*
 * Recognises the tracker a follow-up's link points at and the ticket's key, so a list
 * of follow-ups reads "PAY-123" or "acme/api#42" instead of a long URL. Pure.
 */

import type { TrackerSystem } from "../core/follow-ups.js";

/** A tracker link with its system and key (`null` when the link is not recognised). */
export interface TrackerLink {
  url: string;
  system: TrackerSystem;
  key: string | null;
}

const JIRA_KEY = /^[A-Z][A-Z0-9_]+-\d+$/;

/**
 * Jira (`…/browse/PAY-123`, `…/issues/PAY-123`, `?selectedIssue=PAY-123`), GitHub
 * (`github.com/o/r/issues/42` or `/pull/42` → `o/r#42`), GitLab (`…/group/project/-/issues/7`
 * → `group/project#7`, merge requests `group/project!7`) and Linear
 * (`linear.app/team/issue/ENG-12/…` → `ENG-12`). Anything else is a `link` without a key.
 */
export function parseTrackerUrl(url: string): TrackerLink {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, system: "link", key: null };
  }
  const host = parsed.hostname.toLowerCase();
  const segments = parsed.pathname.split("/").filter(Boolean).map((segment) => decodeURIComponent(segment));

  if (host === "github.com" || host === "www.github.com") {
    const [owner, repo, what, number] = segments;
    if (owner && repo && (what === "issues" || what === "pull") && number && /^\d+$/.test(number)) return { url, system: "github", key: `${owner}/${repo}#${number}` };
    return { url, system: "link", key: null };
  }

  if (host === "linear.app") {
    const issueAt = segments.indexOf("issue");
    const key = issueAt >= 0 ? segments[issueAt + 1] : undefined;
    if (key && JIRA_KEY.test(key.toUpperCase())) return { url, system: "linear", key: key.toUpperCase() };
    return { url, system: "link", key: null };
  }

  const dash = segments.indexOf("-");
  if (dash > 0 && (host.startsWith("gitlab.") || host.includes(".gitlab.") || host === "gitlab.com")) {
    const project = segments.slice(0, dash).join("/");
    const [what, number] = segments.slice(dash + 1);
    if (number && /^\d+$/.test(number)) {
      if (what === "issues" || what === "work_items") return { url, system: "gitlab", key: `${project}#${number}` };
      if (what === "merge_requests") return { url, system: "gitlab", key: `${project}!${number}` };
    }
    return { url, system: "link", key: null };
  }

  if (host.endsWith(".atlassian.net") || host.startsWith("jira.") || host.includes(".jira.") || segments[0] === "browse") {
    const selected = parsed.searchParams.get("selectedIssue");
    if (selected && JIRA_KEY.test(selected)) return { url, system: "jira", key: selected };
    const browseAt = segments.findIndex((segment) => segment === "browse" || segment === "issues");
    const key = browseAt >= 0 ? segments[browseAt + 1] : undefined;
    if (key && JIRA_KEY.test(key)) return { url, system: "jira", key };
  }
  return { url, system: "link", key: null };
}
