/** Kinds of reference Debrief recognises in message text. */
export type ReferenceKind =
  | "github_pr"
  | "github_issue"
  | "github_commit"
  | "jira"
  | "pagerduty_incident"
  | "url";

/** Something a message points at: a change, a ticket, a page, or any other URL. */
export interface Reference {
  kind: ReferenceKind;
  /** A stable short key: `owner/repo#123`, `owner/repo@abc1234`, `PAY-12`, the PagerDuty id, or the URL. */
  key: string;
  /** The URL, when the reference came from one. */
  url: string | null;
}

const GITHUB = /^https?:\/\/(?:www\.)?github\.com\/([\w.-]+)\/([\w.-]+)\/(pull|issues|commit)\/([0-9a-f]{7,40}|\d+)(?:[/?#]|$)/i;
const PAGERDUTY = /^https?:\/\/[\w-]+\.pagerduty\.com\/incidents\/([A-Z0-9]+)(?:[/?#]|$)/i;
const JIRA_URL = /^https?:\/\/[^/]+\/browse\/([A-Z][A-Z0-9]{1,9}-\d+)(?:[/?#]|$)/;
const BARE_URL = /\bhttps?:\/\/[^\s<>"'`)\]]+/g;
const JIRA_KEY = /(?<![\w/-])([A-Z][A-Z0-9]{1,9})-(\d{1,7})(?![\w-])/g;
// Upper-case words followed by a number that are standards or encodings, not tickets.
const NOT_TICKETS = new Set(["UTF", "ISO", "SHA", "RFC", "HTTP", "TLS", "SSL", "MD", "GMT", "UTC", "CVE", "AES", "RSA", "X", "COVID", "IPV", "PR", "P", "SEV"]);

/**
 * Finds references in a message: the links Slack decoded (`links`) and any bare URLs
 * or Jira-style keys in the readable text. Each reference appears once per message.
 */
export function extractReferences(text: string, links: readonly { url: string }[]): Reference[] {
  const found = new Map<string, Reference>();
  const add = (reference: Reference): void => {
    const id = `${reference.kind}:${reference.key}`;
    if (!found.has(id)) found.set(id, reference);
  };
  const urls = links.map((link) => link.url);
  if (text.includes("http")) {
    for (const match of text.matchAll(BARE_URL)) urls.push(trimUrl(match[0]));
  }
  for (const url of urls) add(classifyUrl(url));
  if (/[A-Z]-\d/.test(text)) {
    // Keys inside URLs were handled above; blank the URLs so `…/browse/PAY-1` is not counted twice.
    const withoutUrls = text.includes("http") ? text.replace(BARE_URL, " ") : text;
    for (const match of withoutUrls.matchAll(JIRA_KEY)) {
      const project = match[1] ?? "";
      if (NOT_TICKETS.has(project)) continue;
      add({ kind: "jira", key: `${project}-${match[2] ?? ""}`, url: null });
    }
  }
  return [...found.values()];
}

/** Classifies one URL as a GitHub change, a PagerDuty incident, a Jira ticket or a plain link. */
export function classifyUrl(url: string): Reference {
  const github = GITHUB.exec(url);
  if (github) {
    const [, owner, repo, what, id] = github;
    const slug = `${owner}/${repo}`;
    if (what === "pull") return { kind: "github_pr", key: `${slug}#${id}`, url };
    if (what === "issues") return { kind: "github_issue", key: `${slug}#${id}`, url };
    return { kind: "github_commit", key: `${slug}@${(id ?? "").slice(0, 12)}`, url };
  }
  const pagerduty = PAGERDUTY.exec(url);
  if (pagerduty) return { kind: "pagerduty_incident", key: pagerduty[1] ?? url, url };
  const jira = JIRA_URL.exec(url);
  if (jira) return { kind: "jira", key: jira[1] ?? url, url };
  return { kind: "url", key: url, url };
}

function trimUrl(url: string): string {
  // Sentence punctuation right after a URL belongs to the sentence.
  return url.replace(/[.,;:!?]+$/, "");
}
