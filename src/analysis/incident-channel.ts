/** What an incident channel's name, purpose and topic say about the incident. */
export interface IncidentChannelFacts {
  title: string;
  /** `SEV1`…`SEV5` or `P1`…`P5` as written, upper-cased; null when nothing says. */
  severity: string | null;
}

const SEVERITY = /\b(SEV|P)[- ]?([0-5])\b/i;
const URL = /\bhttps?:\/\/\S+/g;

/**
 * Derives a readable title and a severity for an incident channel. Incident bots write
 * purposes like `SEV1: Expired TLS certificate on cdn-edge. PagerDuty #1208: https://…`:
 * the title is the first sentence without the severity label and links; without a
 * purpose or topic, it is the channel name made readable.
 */
export function describeIncidentChannel(channel: { name: string; purpose: string | null; topic: string | null }): IncidentChannelFacts {
  const severityMatch = [channel.purpose, channel.topic, channel.name].map((text) => (text ? SEVERITY.exec(text) : null)).find(Boolean);
  const severity = severityMatch ? `${(severityMatch[1] ?? "").toUpperCase()}${severityMatch[2] ?? ""}` : null;
  for (const text of [channel.purpose, channel.topic]) {
    if (!text) continue;
    const cleaned = text.replace(URL, " ").replace(/^\s*(SEV|P)[- ]?[0-5]\s*[:\-–|]\s*/i, "").replace(/\s+/g, " ").trim();
    const first = (cleaned.split(/(?<=[.!?])\s+/)[0] ?? "").replace(/[\s.:;,|–-]+$/, "").trim();
    if (first.length >= 3) return { title: first.length > 140 ? `${first.slice(0, 139)}…` : first, severity };
  }
  return { title: readableName(channel.name), severity };
}

function readableName(name: string): string {
  const words = name
    .replace(/^(inc|incident)[-_]/i, "")
    .replace(/(^|[-_])\d{4}[-_]\d{2}[-_]\d{2}(?=[-_]|$)/, "")
    .replace(/^[-_]?\d+[-_]/, "")
    .replace(/[-_]+/g, " ")
    .trim();
  if (words === "") return name;
  return words.charAt(0).toUpperCase() + words.slice(1);
}
