import { z } from "zod";
import { idNumber, idText, isoTime, searchText, UserRef } from "./common.js";

/*
 * Incidents: the analysis statuses and where an incident came from.
 */

/** Where an incident is in its analysis, in order. */
export const INCIDENT_STATUSES = ["new", "in_analysis", "in_review", "published"] as const;

/** An incident's analysis status. */
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** `channel` when created from an incident channel on import, `manual` by hand. */
export const INCIDENT_ORIGINS = ["channel", "manual", "postmortem"] as const;

/** How an incident was created. */
export type IncidentOrigin = (typeof INCIDENT_ORIGINS)[number];

/** The kinds of source an incident is built from. */
export const INCIDENT_SOURCE_KINDS = ["slack_channel", "pagerduty_incident", "postmortem"] as const;

/** One kind of incident source. */
export type IncidentSourceKind = (typeof INCIDENT_SOURCE_KINDS)[number];

/** An analysis status in a request or response. */
export const IncidentStatusSchema = z.enum(INCIDENT_STATUSES).describe("analysis status: new, in_analysis, in_review, published");

/** What the incident list can be sorted by. */
export const INCIDENT_SORTS = ["startedAt", "title", "severity", "status", "people", "messages"] as const;

/** A sort key of the incident list. */
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

/** An incident as the list shows it. */
export const IncidentListItem = z.object({
  id: z.number().int(),
  title: z.string(),
  severity: z.string().nullable(),
  status: IncidentStatusSchema,
  startedAt: isoTime.nullable(),
  resolvedAt: isoTime.nullable(),
  /** Slack channel names. */
  channels: z.array(z.string()),
  /** Messages in its channels (within each channel's window). */
  messages: z.number().int(),
  /** Distinct people who wrote in its channels. */
  people: z.number().int().describe("distinct people who wrote in its channels"),
  analysts: z.array(UserRef),
  /** `channel` (found on import) or `manual`. */
  origin: z.enum(INCIDENT_ORIGINS),
});

/** An incident as the list shows it. */
export type IncidentListItem = z.infer<typeof IncidentListItem>;

/** A source an incident is built from. */
export const IncidentSource = z.object({
  /** The source's own id, to change or remove it. */
  id: z.number().int(),
  /** `slack_channel`, `pagerduty_incident`, or `postmortem` for an imported past write-up. */
  kind: z.enum(INCIDENT_SOURCE_KINDS).describe("slack_channel, pagerduty_incident or postmortem"),
  channel: z.string().nullable(),
  pagerdutyId: z.string().nullable(),
  from: isoTime.nullable(),
  to: isoTime.nullable(),
});

/** A source an incident is built from. */
export type IncidentSource = z.infer<typeof IncidentSource>;

/** An incident with where it came from. */
export const IncidentDetail = IncidentListItem.extend({
  detectedAt: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  sources: z.array(IncidentSource),
  services: z.array(z.object({ id: z.number().int(), name: z.string(), origin: z.string().describe("pagerduty (from a linked PagerDuty incident) or manual") })),
});

/** An incident with where it came from. */
export type IncidentDetail = z.infer<typeof IncidentDetail>;

/** Query of `GET /api/incidents`. */
export const IncidentListQuery = z.strictObject({
  status: IncidentStatusSchema.optional(),
  q: searchText.optional().describe("text in the title or a channel name"),
  sort: z.enum(INCIDENT_SORTS).optional().describe("startedAt (default), title, severity, status, people or messages"),
  order: z.enum(["asc", "desc"]).optional().describe("default desc, asc for title"),
});

/** Query of `GET /api/incidents`. */
export type IncidentListQuery = z.infer<typeof IncidentListQuery>;

/** `GET /api/incidents`. */
export const IncidentList = z.object({ incidents: z.array(IncidentListItem) });

/** `{incident}`: one incident with its sources. */
export const IncidentResponse = z.object({ incident: IncidentDetail });

/** Body of `POST /api/incidents`. */
export const CreateIncidentBody = z.strictObject({
  title: z.string().trim().min(1).max(500),
  channels: z.array(z.string().trim().min(1).max(200)).min(1).max(50).describe("imported Slack channel names, with or without #"),
  from: z.iso.datetime({ offset: true }).optional().describe("only messages at or after this time"),
  to: z.iso.datetime({ offset: true }).optional().describe("only messages at or before this time"),
  severity: z.string().trim().min(1).max(50).optional(),
});

/** Body of `POST /api/incidents`. */
export type CreateIncidentBody = z.infer<typeof CreateIncidentBody>;

/** Body of `PATCH /api/incidents/:id`. */
export const UpdateIncidentBody = z.strictObject({
  status: IncidentStatusSchema.optional(),
  severity: z.string().trim().min(1).max(50).nullable().optional().describe("null clears it"),
  title: z.string().trim().min(1).max(500).optional(),
  analystIds: z.array(idNumber).max(50).optional().describe("the complete set of assigned analysts (admin or analyst accounts)"),
  startedAt: z.iso.datetime({ offset: true }).nullable().optional().describe("when the incident started; null clears it"),
  detectedAt: z.iso.datetime({ offset: true }).nullable().optional().describe("when it was noticed; null clears it"),
  resolvedAt: z.iso.datetime({ offset: true }).nullable().optional().describe("when it was over; null clears it"),
});

/** Body of `PATCH /api/incidents/:id`. */
export type UpdateIncidentBody = z.infer<typeof UpdateIncidentBody>;

/** Body of `POST /api/incidents/:id/sources`: an imported Slack channel, with an optional window. */
export const AddChannelSourceBody = z.strictObject({
  channel: z.string().trim().min(1).max(200).describe("an imported Slack channel name, with or without #"),
  from: z.iso.datetime({ offset: true }).nullable().optional().describe("only messages at or after this time"),
  to: z.iso.datetime({ offset: true }).nullable().optional().describe("only messages at or before this time"),
});

/** Body of `POST /api/incidents/:id/sources`. */
export type AddChannelSourceBody = z.infer<typeof AddChannelSourceBody>;

/** Body of `POST /api/incidents/:id/pagerduty`. */
export const LinkPagerdutyBody = z.strictObject({
  pagerdutyId: z.string().trim().min(1).max(100).describe("an imported PagerDuty incident: its id (PT4KHLK) or number (1234)"),
});

/** Body of `POST /api/incidents/:id/pagerduty`. */
export type LinkPagerdutyBody = z.infer<typeof LinkPagerdutyBody>;

/** Params of `DELETE /api/incidents/:id/sources/:sourceId`. */
export const IncidentSourceParams = z.strictObject({ id: idText, sourceId: idText });

/** Body of `POST /api/incidents/:id/services`. */
export const AddIncidentServiceBody = z.strictObject({ serviceId: idNumber.describe("a catalog service") });

/** Params of `DELETE /api/incidents/:id/services/:serviceId`. */
export const IncidentServiceParams = z.strictObject({ id: idText, serviceId: idText });

/** `GET /api/services`: the catalog's services, to record those an incident involved. */
export const CatalogServiceList = z.object({ services: z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.string() })) });

/** An imported Slack channel, for choosing the sources of an incident. */
export const ImportedChannel = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.string().describe("channel or private_channel"),
  messages: z.number().int(),
  /** Incidents that already have it as a source. */
  incidents: z.array(z.object({ id: z.number().int(), title: z.string() })),
});

/** An imported Slack channel. */
export type ImportedChannel = z.infer<typeof ImportedChannel>;

/** `GET /api/channels`. */
export const ImportedChannelList = z.object({ channels: z.array(ImportedChannel) });

/** One step of the analysis checklist. */
export const GuideStep = z.object({
  key: z.string(),
  title: z.string(),
  done: z.boolean(),
  detail: z.string().describe("what the data says about this step now"),
  checks: z.array(z.object({ label: z.string(), met: z.boolean() })).describe("what done means for the step; done when every one is met"),
  explanation: z.string().describe("why the step matters, for a first-time analyst"),
  action: z.enum(["assign_me", "open"]).describe("assign_me: assigning the reader as analyst does the step; open: follow link"),
  link: z.string().describe("where in the UI to do it: the page, and the control or event on it"),
});

/** One step of the analysis checklist. */
export type GuideStep = z.infer<typeof GuideStep>;

/** `GET /api/incidents/:id/guide`. */
export const Guide = z.object({ steps: z.array(GuideStep) });
