/** A mention decoded from Slack mrkdwn. */
export interface DecodedMention {
  /** `user` for `<@U…>`, `channel` for `<#C…>`, `broadcast` for `<!here>`-style, `usergroup` for `<!subteam^S…>`. */
  kind: "user" | "channel" | "broadcast" | "usergroup";
  /** The Slack id (`U123`, `C123`, `S123`) or, for broadcasts, `here`/`channel`/`everyone`. */
  target: string;
  /** The text shown in place of the token, e.g. `@alice` or `#general`. */
  label: string;
}

/** A link decoded from Slack mrkdwn, with the label it was shown under. */
export interface DecodedLink {
  url: string;
  label: string | null;
}

/** What decoding one message text yields. */
export interface DecodedText {
  /** Readable text: tokens replaced by their labels, HTML escapes undone. */
  text: string;
  mentions: DecodedMention[];
  links: DecodedLink[];
}

/** Resolves Slack ids to display names; either may return undefined when unknown. */
export interface NameLookup {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
}

const TOKEN = /<([^<>]*)>/g;

/**
 * Decodes Slack's mrkdwn wire format (the `text` of messages in exports and the Web
 * API): `<@U123>`, `<@U123|name>`, `<#C123|name>`, `<!here>`, `<!subteam^S1|@team>`,
 * `<!date^…|fallback>`, `<https://…|label>`, `<mailto:…|label>`, and the three HTML
 * escapes Slack applies (`&amp;`, `&lt;`, `&gt;`). Formatting marks (`*bold*`,
 * backticks) are left as they are: they are part of what the person typed.
 */
export function decodeMrkdwn(raw: string, names: NameLookup): DecodedText {
  const mentions: DecodedMention[] = [];
  const links: DecodedLink[] = [];
  if (!raw.includes("<")) {
    return { text: raw.includes("&") ? unescapeHtml(raw) : raw, mentions, links };
  }
  // Escapes are undone piece by piece so a decoded label is never unescaped twice.
  let text = "";
  let last = 0;
  for (const match of raw.matchAll(TOKEN)) {
    text += unescapeHtml(raw.slice(last, match.index));
    text += decodeToken(match[0], match[1] ?? "", names, mentions, links);
    last = match.index + match[0].length;
  }
  text += unescapeHtml(raw.slice(last));
  return { text, mentions, links };
}

function decodeToken(
  whole: string,
  inner: string,
  names: NameLookup,
  mentions: DecodedMention[],
  links: DecodedLink[],
): string {
  const bar = inner.indexOf("|");
  const body = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? unescapeHtml(inner.slice(bar + 1)) : null;
  const sigil = body.charAt(0);
  if (sigil === "@") {
    const id = body.slice(1);
    const name = names.user(id) ?? label?.replace(/^@/, "") ?? id;
    const shown = `@${name}`;
    mentions.push({ kind: "user", target: id, label: shown });
    return shown;
  }
  if (sigil === "#") {
    const id = body.slice(1);
    const name = label ?? names.channel(id) ?? id;
    const shown = `#${name}`;
    mentions.push({ kind: "channel", target: id, label: shown });
    return shown;
  }
  if (sigil === "!") {
    const command = body.slice(1);
    if (command === "here" || command === "channel" || command === "everyone") {
      mentions.push({ kind: "broadcast", target: command, label: `@${command}` });
      return `@${command}`;
    }
    if (command.startsWith("subteam^")) {
      const id = command.slice("subteam^".length);
      const shown = label ?? `@${id}`;
      mentions.push({ kind: "usergroup", target: id, label: shown });
      return shown;
    }
    // `<!date^…|fallback>` and other commands: show what Slack would show without the client.
    return label ?? "";
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(body)) {
    const url = unescapeHtml(body);
    links.push({ url, label });
    return label ?? url;
  }
  return unescapeHtml(whole);
}

/** Undoes the only three escapes Slack applies to message text. */
export function unescapeHtml(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === "amp" ? "&" : name === "lt" ? "<" : ">"));
}
