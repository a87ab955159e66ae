import { describe, expect, it } from "vitest";
import { classifyUrl, extractReferences } from "./references.js";

describe("extractReferences", () => {
  it("classifies GitHub pull requests, issues and commits", () => {
    expect(classifyUrl("https://github.com/acme/payments-api/pull/4812")).toEqual({
      kind: "github_pr",
      key: "acme/payments-api#4812",
      url: "https://github.com/acme/payments-api/pull/4812",
    });
    expect(classifyUrl("https://github.com/acme/ledger/issues/7#issuecomment-1").kind).toBe("github_issue");
    const commit = classifyUrl("https://github.com/mesos-magellan/enrique/commit/b698a38dabbd81c51029f163e74bcd76115e9c2f");
    expect(commit).toMatchObject({ kind: "github_commit", key: "mesos-magellan/enrique@b698a38dabbd" });
  });

  it("classifies PagerDuty incidents and Jira browse URLs", () => {
    expect(classifyUrl("https://acme.pagerduty.com/incidents/PT4KHLK")).toMatchObject({ kind: "pagerduty_incident", key: "PT4KHLK" });
    expect(classifyUrl("https://acme.atlassian.net/browse/PAY-123")).toMatchObject({ kind: "jira", key: "PAY-123" });
    expect(classifyUrl("https://grafana.acme.example/d/abc")).toMatchObject({ kind: "url" });
  });

  it("finds Jira keys in text but not standards or keys inside URLs", () => {
    const refs = extractReferences("Tracking in PAY-1234 and OPS-9; UTF-8 and SHA-256 are not tickets; see https://acme.atlassian.net/browse/PAY-1234.", []);
    expect(refs.map((r) => `${r.kind}:${r.key}`)).toEqual(["jira:PAY-1234", "jira:OPS-9"]);
  });

  it("merges decoded links and bare URLs, once each", () => {
    const refs = extractReferences("api#12 and https://github.com/acme/api/pull/12, also https://status.acme.example.", [
      { url: "https://github.com/acme/api/pull/12" },
    ]);
    expect(refs).toEqual([
      { kind: "github_pr", key: "acme/api#12", url: "https://github.com/acme/api/pull/12" },
      { kind: "url", key: "https://status.acme.example", url: "https://status.acme.example" },
    ]);
  });
});
