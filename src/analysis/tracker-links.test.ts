import { describe, expect, it } from "vitest";
import { parseTrackerUrl } from "./tracker-links.js";

describe("parseTrackerUrl", () => {
  it.each([
    ["https://acme.atlassian.net/browse/PAY-123", "jira", "PAY-123"],
    ["https://jira.acme.example/browse/OPS-7?focusedCommentId=1", "jira", "OPS-7"],
    ["https://acme.atlassian.net/jira/software/projects/PAY/boards/3?selectedIssue=PAY-9", "jira", "PAY-9"],
    ["https://github.com/acme/payments-api/issues/42", "github", "acme/payments-api#42"],
    ["https://github.com/acme/payments-api/pull/4812/files", "github", "acme/payments-api#4812"],
    ["https://gitlab.com/acme/platform/api/-/issues/7", "gitlab", "acme/platform/api#7"],
    ["https://gitlab.acme.example/infra/dns/-/merge_requests/31", "gitlab", "infra/dns!31"],
    ["https://linear.app/acme/issue/ENG-512/add-circuit-breaker", "linear", "ENG-512"],
  ])("recognises %s", (url, system, key) => {
    expect(parseTrackerUrl(url)).toEqual({ url, system, key });
  });

  it.each(["https://github.com/acme/payments-api", "https://docs.acme.example/runbooks/flags", "https://gitlab.com/acme/api/-/tree/main", "not a url"])("keeps %s as a plain link", (url) => {
    expect(parseTrackerUrl(url)).toEqual({ url, system: "link", key: null });
  });
});
