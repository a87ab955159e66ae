import { describe, expect, it } from "vitest";
import { classifyReference, collectReferences } from "./review-references.js";

describe("review references", () => {
  it("sorts importer kinds and plain links into what a reader recognises", () => {
    expect(classifyReference("github_pr", "acme/pay#12", "https://github.com/acme/pay/pull/12")).toEqual({ kind: "pull_request", key: "acme/pay#12" });
    expect(classifyReference("url", "x", "https://gitlab.com/acme/infra/-/merge_requests/88")).toEqual({ kind: "pull_request", key: "acme/infra!88" });
    expect(classifyReference("url", "x", "https://gitlab.example.com/acme/infra/-/issues/4")).toEqual({ kind: "issue", key: "acme/infra#4" });
    expect(classifyReference("url", "x", "https://gitlab.com/acme/infra/-/commit/0123456789abcdef0123")).toEqual({ kind: "commit", key: "acme/infra@0123456789ab" });
    expect(classifyReference("url", "x", "https://acme.slack.com/archives/C024BE91L/p1710381600000100")).toEqual({ kind: "slack", key: "C024BE91L/1710381600.000100" });
    expect(classifyReference("url", "x", "https://grafana.acme.io/d/abc/checkout?from=now-1h")).toEqual({ kind: "dashboard", key: "grafana.acme.io/d/abc/checkout" });
    expect(classifyReference("url", "x", "https://app.datadoghq.com/dashboard/xyz")).toEqual({ kind: "dashboard", key: "app.datadoghq.com/dashboard/xyz" });
    expect(classifyReference("url", "x", "https://linear.app/acme/issue/ENG-12/slow")).toEqual({ kind: "issue", key: "ENG-12" });
    expect(classifyReference("url", "https://example.com/blog", "https://example.com/blog")).toEqual({ kind: "link", key: "https://example.com/blog" });
    expect(classifyReference("jira", "PAY-1", null)).toEqual({ kind: "jira", key: "PAY-1" });
  });

  it("keeps one reference per kind and key, with its first sighting in time and a count", () => {
    const refs = collectReferences([
      { kind: "jira", key: "PAY-1", url: null, evidence: "message:9", at: 900 },
      { kind: "jira", key: "PAY-1", url: "https://acme.atlassian.net/browse/PAY-1", evidence: "message:3", at: 300 },
      { kind: "github_pr", key: "a/b#1", url: "https://github.com/a/b/pull/1", evidence: "message:5", at: 500 },
    ]);
    expect(refs).toEqual([
      { kind: "jira", key: "PAY-1", url: "https://acme.atlassian.net/browse/PAY-1", evidence: "message:3", seenAt: 300, occurrences: 2 },
      { kind: "pull_request", key: "a/b#1", url: "https://github.com/a/b/pull/1", evidence: "message:5", seenAt: 500, occurrences: 1 },
    ]);
  });
});
