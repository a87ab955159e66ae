import { describe, expect, it } from "vitest";
import { decodeMrkdwn } from "./mrkdwn.js";

const names = {
  user: (id: string) => ({ U1: "alice", U2: "bob" })[id],
  channel: (id: string) => ({ C1: "general" })[id],
};

describe("decodeMrkdwn", () => {
  it("replaces user mentions with names and records them", () => {
    const decoded = decodeMrkdwn("<@U1> can you look? cc <@U2|bobby> <@U9>", names);
    expect(decoded.text).toBe("@alice can you look? cc @bob @U9");
    expect(decoded.mentions).toEqual([
      { kind: "user", target: "U1", label: "@alice" },
      { kind: "user", target: "U2", label: "@bob" },
      { kind: "user", target: "U9", label: "@U9" },
    ]);
  });

  it("uses the label of an unknown user when Slack gave one", () => {
    expect(decodeMrkdwn("<@U7|carol>", names).text).toBe("@carol");
  });

  it("decodes channel links with and without labels", () => {
    const decoded = decodeMrkdwn("see <#C1> and <#C2|ops-war-room>", names);
    expect(decoded.text).toBe("see #general and #ops-war-room");
    expect(decoded.mentions.map((m) => m.target)).toEqual(["C1", "C2"]);
  });

  it("decodes broadcasts, user groups and dates", () => {
    const decoded = decodeMrkdwn("<!here> <!channel> <!subteam^S12|@sre> <!date^1392734382^{date}|Feb 18, 2014>", names);
    expect(decoded.text).toBe("@here @channel @sre Feb 18, 2014");
    expect(decoded.mentions.map((m) => `${m.kind}:${m.target}`)).toEqual(["broadcast:here", "broadcast:channel", "usergroup:S12"]);
  });

  it("decodes links, keeping the URL and label", () => {
    const decoded = decodeMrkdwn("fix in <https://github.com/acme/api/pull/12|api#12> and <https://x.example/a?b=1&amp;c=2>", names);
    expect(decoded.text).toBe("fix in api#12 and https://x.example/a?b=1&c=2");
    expect(decoded.links).toEqual([
      { url: "https://github.com/acme/api/pull/12", label: "api#12" },
      { url: "https://x.example/a?b=1&c=2", label: null },
    ]);
  });

  it("undoes HTML escapes exactly once", () => {
    expect(decodeMrkdwn("a &lt; b &amp;&amp; c &gt; d &amp;amp;", names).text).toBe("a < b && c > d &amp;");
    expect(decodeMrkdwn("<https://e.example|R&amp;D &amp;amp; more>", names).text).toBe("R&D &amp; more");
  });

  it("leaves text without tokens untouched", () => {
    const decoded = decodeMrkdwn("*bold* `code` 3 < 4", names);
    expect(decoded.text).toBe("*bold* `code` 3 < 4");
    expect(decoded.mentions).toEqual([]);
  });
});
