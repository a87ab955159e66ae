/*
 * PagerDuty objects as Debrief keeps them: what the parser (src/importers/pagerduty)
 * produces and the repository (src/db/repositories/pagerduty.ts) stores. Plain data.
 */

/** A PagerDuty incident as one response body (or webhook event) describes it. */
export interface PagerdutyIncidentRecord {
  externalId: string;
  number: number | null;
  title: string;
  status: string | null;
  urgency: string | null;
  /** `priority.summary` (`P1`…). */
  priority: string | null;
  serviceExternalId: string | null;
  escalationPolicyExternalId: string | null;
  htmlUrl: string | null;
  createdAt: number;
  /**
   * False when the body had no `created_at` (some webhook payloads) and `createdAt` is
   * the event time: an upper bound that an exact value always replaces.
   */
  createdAtExact: boolean;
  resolvedAt: number | null;
  /** When PagerDuty last changed what this record says: of two records, the newer wins. */
  observedAt: number;
}

/** One log entry, or one webhook event, of an incident. */
export interface PagerdutyLogEntryRecord {
  /** The log entry id, or the webhook event id. */
  externalId: string;
  incidentExternalId: string;
  /** As given: `notify_log_entry`, `incident.escalated`, … */
  type: string;
  /** Normalised: `notify`, `escalate`, …; unknown types as given. */
  kind: string;
  at: number;
  agentType: string | null;
  agentExternalId: string | null;
  /** PagerDuty user ids the entry notified or assigned; empty for none. */
  targetUserIds: string[];
  channelType: string | null;
  summary: string | null;
  /** Compact JSON of the few details worth keeping, or null. */
  details: string | null;
}

/** One on-call shift from `/oncalls`. */
export interface PagerdutyOncallRecord {
  userExternalId: string;
  escalationPolicyExternalId: string | null;
  escalationPolicyName: string | null;
  scheduleExternalId: string | null;
  scheduleName: string | null;
  escalationLevel: number | null;
  /** Null start or end: always on call. */
  startAt: number | null;
  endAt: number | null;
  /** user|policy|level|schedule|start. */
  naturalKey: string;
}

/** A PagerDuty user account. */
export interface PagerdutyUserRecord {
  externalId: string;
  name: string;
  email: string | null;
  timezone: string | null;
  title: string | null;
}

/** A PagerDuty service. */
export interface PagerdutyServiceRecord {
  externalId: string;
  name: string;
  description: string | null;
  escalationPolicyExternalId: string | null;
}

/** A PagerDuty escalation policy. */
export interface PagerdutyEscalationPolicyRecord {
  externalId: string;
  name: string;
}

/** A PagerDuty on-call schedule. */
export interface PagerdutyScheduleRecord {
  externalId: string;
  name: string;
  timeZone: string | null;
}

/** Everything one response body or webhook payload holds, parsed. */
export interface PagerdutyBatch {
  incidents: PagerdutyIncidentRecord[];
  logEntries: PagerdutyLogEntryRecord[];
  oncalls: PagerdutyOncallRecord[];
  users: PagerdutyUserRecord[];
  services: PagerdutyServiceRecord[];
  escalationPolicies: PagerdutyEscalationPolicyRecord[];
  schedules: PagerdutyScheduleRecord[];
}
