/*
 * References for the review: what the Slack importer found in messages (pull requests,
 * commits, issues, Jira keys, PagerDuty incidents, links) sorted into the kinds a
 * reader recognises, with GitLab changes, Slack permalinks and dashboards told apart
 * from plain links. Pure.
 */

import type { ReferenceKind } from "../core/review.js";

/** One sighting of a reference in a message or an annotation. */
export interface ReferenceSighting {
  /** The importer's kind: `github_pr`, `github_issue`, `github_commit`, `jira`, `pagerduty_incident`, `url`. */
  kind: string;
  key: string;
  url: string | null;
  /** `message:<id>`, `annotation:<id>`, … */
  evidence: string;
  at: number | null;
}

/** A reference with its first sighting and how often it was seen. */
export interface CollectedReference {
  kind: ReferenceKind;
  key: string;
  url: string | null;
  evidence: string;
  seenAt: number | null;
  occurrences: number;
}

const GITLAB = /^https?:\/\/(?:[\w-]+\.)*gitlab\.[\w.]+\/(.+?)\/-\/(merge_requests|issues|commit)\/([0-9a-f]{7,40}|\d+)(?:[/?#]|$)/i;
const SLACK_PERMALINK = /^https?:\/\/[\w-]+\.slack\.com\/archives\/([A-Z0-9]+)\/p(\d{10})(\d{6})/i;
const LINEAR = /^https?:\/\/linear\.app\/[\w-]+\/issue\/([A-Z][A-Z0-9]*-\d+)/i;
const DASHBOARD_HOSTS = /(?:^|\.)(?:grafana|datadoghq|kibana|newrelic|honeycomb|lookerstudio|splunkcloud|signalfx|chronosphere|lightstep)\b|(?:^|\.)grafana\./i;
const DASHBOARD_PATHS = /\/(?:d|dashboards?|dash|goto|explore|app\/kibana|app\/dashboards)(?:\/|\?|$)/i;

/** Sorts one sighting into a review reference kind, with a short key. */
export function classifyReference(kind: string, key: string, url: string | null): { kind: ReferenceKind; key: string } {
  switch (kind) {
    case "github_pr":
      return { kind: "pull_request", key };
    case "github_issue":
      return { kind: "issue", key };
    case "github_commit":
      return { kind: "commit", key };
    case "jira":
      return { kind: "jira", key };
    case "pagerduty_incident":
      return { kind: "pagerduty", key };
  }
  if (!url) return { kind: "link", key };
  const gitlab = GITLAB.exec(url);
  if (gitlab) {
    const [, project, what, id] = gitlab;
    if (what === "merge_requests") return { kind: "pull_request", key: `${project}!${id}` };
    if (what === "issues") return { kind: "issue", key: `${project}#${id}` };
    return { kind: "commit", key: `${project}@${(id ?? "").slice(0, 12)}` };
  }
  const linear = LINEAR.exec(url);
  if (linear) return { kind: "issue", key: linear[1] ?? url };
  const slack = SLACK_PERMALINK.exec(url);
  if (slack) return { kind: "slack", key: `${slack[1]}/${slack[2]}.${slack[3]}` };
  try {
    const parsed = new URL(url);
    if (DASHBOARD_HOSTS.test(parsed.hostname) || (parsed.hostname.includes("dashboard") && parsed.pathname !== "/") || (DASHBOARD_PATHS.test(parsed.pathname) && /grafana|kibana|metrics|monitor/i.test(parsed.hostname))) {
      return { kind: "dashboard", key: `${parsed.hostname}${parsed.pathname === "/" ? "" : parsed.pathname}` };
    }
    return { kind: "link", key: url };
  } catch {
    return { kind: "link", key: url };
  }
}

/**
 * Groups sightings into references: one per (kind, key), with the first sighting in
 * time (the evidence a reader is sent to) and the number of sightings. Ordered by
 * first sighting.
 */
export function collectReferences(sightings: readonly ReferenceSighting[]): CollectedReference[] {
  const byKey = new Map<string, CollectedReference>();
  const ordered = [...sightings].sort((a, b) => (a.at ?? Number.MAX_SAFE_INTEGER) - (b.at ?? Number.MAX_SAFE_INTEGER));
  for (const sighting of ordered) {
    const { kind, key } = classifyReference(sighting.kind, sighting.key, sighting.url);
    const id = `${kind}\u0000${key}`;
    const known = byKey.get(id);
    if (known) {
      known.occurrences += 1;
      if (!known.url && sighting.url) known.url = sighting.url;
      continue;
    }
    byKey.set(id, { kind, key, url: sighting.url, evidence: sighting.evidence, seenAt: sighting.at, occurrences: 1 });
  }
  return [...byKey.values()];
}
