import type { Reference } from "../../../api/types";

const KIND_LABELS: Record<string, string> = {
  github_pr: "PR",
  github_issue: "Issue",
  github_commit: "Commit",
  jira: "Ticket",
  pagerduty_incident: "PagerDuty",
};

function shortKey(reference: Reference): string {
  if (reference.kind === "github_commit") {
    const [repo, sha] = reference.key.split("@");
    return sha ? `${repo}@${sha.slice(0, 7)}` : reference.key.slice(0, 12);
  }
  return reference.key;
}

/** The pull requests, tickets, commits and PagerDuty incidents a message refers to. */
export function ReferenceChips({ references }: { references: readonly Reference[] }) {
  const shown = references.filter((r) => r.kind !== "url");
  if (shown.length === 0) return null;
  return (
    <ul className="reference-chips" aria-label="References">
      {shown.map((reference, index) => {
        const label = (
          <>
            <span className="reference-kind">{KIND_LABELS[reference.kind] ?? reference.kind}</span> {shortKey(reference)}
          </>
        );
        return (
          <li key={`${reference.kind}:${reference.key}:${index}`}>
            {reference.url ? (
              <a className={`reference-chip reference-${reference.kind}`} href={reference.url} target="_blank" rel="noopener noreferrer">
                {label}
              </a>
            ) : (
              <span className={`reference-chip reference-${reference.kind}`}>{label}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
