import { z } from "zod";
import { FOLLOW_UP_KINDS, FOLLOW_UP_STATUSES, type FollowUpKind, type FollowUpStatus, TRACKER_SYSTEMS } from "./follow-up-kinds.js";

/*
 * Follow-ups: the opportunities a review names, each with an owner and a due date, and
 * optionally the tracker ticket where the work is done and the moment of the incident
 * it came from. Shapes shared by the server, the CLI and the web UI.
 */

export { CLOSED_FOLLOW_UP_STATUSES, FOLLOW_UP_KINDS, FOLLOW_UP_STATUSES, TRACKER_SYSTEMS } from "./follow-up-kinds.js";
export type { FollowUpKind, FollowUpStatus, TrackerSystem } from "./follow-up-kinds.js";

/** The largest id Postgres `integer` holds. */
const MAX_ID = 2_147_483_647;

/** A calendar day, `YYYY-MM-DD` (a due date is a day, not an instant). */
export const DueDate = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "expected a date as YYYY-MM-DD")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "not a real date");

/** A tracker link as presented: the URL, the system it belongs to and its key (`PAY-123`, `acme/api#42`). */
export const TrackerLink = z.object({
  url: z.string(),
  system: z.enum(TRACKER_SYSTEMS),
  key: z.string().nullable().describe("the ticket's key; null for a link Debrief does not recognise"),
});

/** Where a follow-up came from: a timeline event or an annotation of the incident, as it was when the follow-up was made. */
export const FollowUpContext = z.object({
  source: z.enum(["event", "annotation"]),
  /** `message:12`, `page:7` or `cue:3:41`. */
  eventKey: z.string().describe("the timeline event, as message:<id>, page:<id> or cue:<transcript>:<position>"),
  annotationId: z.number().int().nullable(),
  quote: z.string().describe("the event's text (or the annotated range), as it was when the follow-up was made"),
  author: z.string().nullable().describe("who wrote or caused the event"),
  at: z.string().meta({ format: "date-time" }).nullable().describe("when the event happened; null for a transcript cue whose recording start is unknown"),
  link: z.string().describe("the event in the web UI's timeline"),
});

/** A follow-up as the API returns it. */
export const FollowUp = z
  .object({
    id: z.number().int(),
    incident: z.object({ id: z.number().int(), title: z.string() }),
    title: z.string(),
    kind: z.enum(FOLLOW_UP_KINDS),
    status: z.enum(FOLLOW_UP_STATUSES),
    owner: z
      .object({ id: z.number().int(), name: z.string(), team: z.object({ id: z.number().int(), name: z.string() }).nullable().describe("the owner's current team, if known") })
      .nullable(),
    dueDate: z.string().nullable().describe("YYYY-MM-DD"),
    overdue: z.boolean().describe("due before today (UTC) and not done or won't do"),
    tracker: TrackerLink.nullable(),
    context: FollowUpContext.nullable(),
    version: z.number().int(),
    createdBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    createdAt: z.string().meta({ format: "date-time" }),
    updatedAt: z.string().meta({ format: "date-time" }),
  })
  .meta({ id: "FollowUp" });

/** A follow-up. */
export type FollowUp = z.infer<typeof FollowUp>;

const Title = z.string().trim().min(1, "must not be empty").max(300);
const TrackerUrl = z
  .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
  .max(2000)
  .describe("a Jira, GitHub, GitLab or Linear URL (its key is shown) or any http(s) link");

/** `POST /api/incidents/:id/follow-ups` body. */
export const CreateFollowUpRequest = z.strictObject({
  title: Title,
  kind: z.enum(FOLLOW_UP_KINDS),
  status: z.enum(FOLLOW_UP_STATUSES).optional().describe("default open"),
  ownerPersonId: z.number().int().positive().max(MAX_ID).nullable().optional().describe("a person (GET /api/people)"),
  dueDate: DueDate.nullable().optional(),
  trackerUrl: TrackerUrl.nullable().optional(),
  context: z
    .union([
      z.strictObject({ annotationId: z.number().int().positive().max(MAX_ID) }),
      z.strictObject({ eventKey: z.string().regex(/^(?:(?:message|page):\d{1,15}|cue:\d{1,15}:\d{1,15})$/, "expected message:<id>, page:<id> or cue:<transcript>:<position>") }),
    ])
    .optional()
    .describe("the timeline event or annotation this follow-up comes from; its quote, time and link are kept"),
});

/** A new follow-up, as the API receives it. */
export type CreateFollowUpRequest = z.infer<typeof CreateFollowUpRequest>;

/** `PATCH /api/follow-ups/:id` body: what changes, and the version the change is based on. */
export const UpdateFollowUpRequest = z.strictObject({
  version: z.number().int().min(1).max(MAX_ID).describe("the version the change is based on; 409 when it is stale"),
  title: Title.optional(),
  kind: z.enum(FOLLOW_UP_KINDS).optional(),
  status: z.enum(FOLLOW_UP_STATUSES).optional(),
  ownerPersonId: z.number().int().positive().max(MAX_ID).nullable().optional(),
  dueDate: DueDate.nullable().optional(),
  trackerUrl: TrackerUrl.nullable().optional(),
});

/** An edit to a follow-up. */
export type UpdateFollowUpRequest = z.infer<typeof UpdateFollowUpRequest>;

const STATUS_LIST = new RegExp(`^(?:${FOLLOW_UP_STATUSES.join("|")})(?:,(?:${FOLLOW_UP_STATUSES.join("|")}))*$`);

/** `GET /api/follow-ups` query: every filter optional, all given ones must hold. */
export const ListFollowUpsQuery = z.strictObject({
  owner: z.coerce.number().int().positive().max(MAX_ID).optional().describe("the owner's person id"),
  team: z.coerce.number().int().positive().max(MAX_ID).optional().describe("a team id: follow-ups whose owner is on it now"),
  status: z.string().regex(STATUS_LIST, `expected one or more of ${FOLLOW_UP_STATUSES.join(", ")}, comma-separated`).optional().describe("one status or several, comma-separated (open,in_progress)"),
  overdue: z.enum(["true", "false"]).optional().describe("true: only overdue ones; false: only those not overdue"),
  kind: z.enum(FOLLOW_UP_KINDS).optional(),
  incident: z.coerce.number().int().positive().max(MAX_ID).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional().describe("1–1000, default 500"),
});

/** Filters of a follow-up listing, as the commands take them. */
export interface FollowUpFilters {
  ownerPersonId?: number | undefined;
  teamId?: number | undefined;
  statuses?: FollowUpStatus[] | undefined;
  overdue?: boolean | undefined;
  kind?: FollowUpKind | undefined;
  incidentId?: number | undefined;
  limit?: number | undefined;
}

/** `GET /api/follow-ups` and `GET /api/incidents/:id/follow-ups` answers. */
export const FollowUpList = z.object({ followUps: z.array(FollowUp) });

/** `409`: the follow-up changed since the version the edit was based on. */
export const FollowUpConflict = z.object({ error: z.literal("conflict"), current: FollowUp });
