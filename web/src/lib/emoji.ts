import { gemoji } from "gemoji";

/*
 * Slack writes emoji as shortcodes (`:rocket:`, `:+1:`) in text and reactions. The
 * names come from GitHub's gemoji list, which Slack's names follow for all but a few;
 * those few are added by hand.
 */

const SLACK_ALIASES: Record<string, string> = {
  simple_smile: "slightly_smiling_face",
  slightly_smiling: "slightly_smiling_face",
};

let byName: Map<string, string> | null = null;

/** The emoji for a shortcode name (without colons), or undefined when there is none. */
export function emojiFor(name: string): string | undefined {
  if (!byName) {
    byName = new Map();
    for (const entry of gemoji) for (const n of entry.names) byName.set(n, entry.emoji);
  }
  // Skin tones arrive as `:wave::skin-tone-3:`; the base emoji is what matters here.
  const base = name.replace(/::skin-tone-\d$/, "");
  return byName.get(base) ?? byName.get(SLACK_ALIASES[base] ?? "");
}
