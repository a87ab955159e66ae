/**
 * The normalised kinds of PagerDuty log entries and webhook events. Analysis reads
 * `kind`; `type` stays as PagerDuty wrote it so nothing is lost.
 */
export const KNOWN_LOG_ENTRY_KINDS = [
  "trigger",
  "notify",
  "acknowledge",
  "unacknowledge",
  "escalate",
  "assign",
  "delegate",
  "annotate",
  "resolve",
  "snooze",
  "urgency_change",
  "reach_trigger_limit",
  "repeat_escalation_path",
  "exhaust_escalation_path",
  "reach_ack_limit",
] as const;

// Older accounts still return this spelling for acknowledgements.
const ALIASES: Record<string, string> = { acknowledgement: "acknowledge" };

/** `notify_log_entry` → `notify`; a type without the suffix (unknown to us) is kept as given. */
export function logEntryKind(type: string): string {
  const match = /^(.+)_log_entry$/.exec(type);
  if (!match?.[1]) return type;
  return ALIASES[match[1]] ?? match[1];
}

const WEBHOOK_KINDS: Record<string, string> = {
  "incident.triggered": "trigger",
  "incident.acknowledged": "acknowledge",
  "incident.unacknowledged": "unacknowledge",
  "incident.escalated": "escalate",
  "incident.reassigned": "assign",
  "incident.delegated": "delegate",
  "incident.annotated": "annotate",
  "incident.resolved": "resolve",
  // Someone asked for this responder: PagerDuty notifies them at that person's request.
  "incident.responder.added": "notify",
};

/**
 * `incident.escalated` → `escalate`, so webhook events and API log entries read the
 * same; events with no log-entry counterpart (`incident.priority_updated`, …) keep
 * their type as the kind.
 */
export function webhookEventKind(eventType: string): string {
  return WEBHOOK_KINDS[eventType] ?? eventType;
}

/** Kinds whose entry hands the incident to people: their assignees are its targets. */
export const ASSIGNING_KINDS: ReadonlySet<string> = new Set(["assign", "escalate", "delegate"]);
