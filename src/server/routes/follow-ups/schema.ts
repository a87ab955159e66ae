import { z } from "zod";
import { CreateFollowUpRequest, FollowUp, FollowUpConflict, FollowUpList, ListFollowUpsQuery, UpdateFollowUpRequest } from "../../../core/follow-ups.js";
import { errorResponses, IdParams, NoContent } from "../common-schema.js";

/** `GET /api/follow-ups`. */
export const listFollowUpsSchema = {
  summary: "Follow-ups across incidents, filtered by owner, team, status, overdue, kind or incident (soonest due first)",
  tags: ["follow-ups"],
  querystring: ListFollowUpsQuery,
  response: { 200: FollowUpList, ...errorResponses },
};

/** `GET /api/incidents/:id/follow-ups`. */
export const listIncidentFollowUpsSchema = {
  summary: "An incident's follow-ups (soonest due first)",
  tags: ["follow-ups"],
  params: IdParams,
  response: { 200: FollowUpList, ...errorResponses },
};

/** `POST /api/incidents/:id/follow-ups`. */
export const createFollowUpSchema = {
  summary: "Add a follow-up to an incident, optionally from a timeline event or annotation",
  tags: ["follow-ups"],
  params: IdParams,
  body: CreateFollowUpRequest,
  response: { 201: z.object({ followUp: FollowUp }), ...errorResponses },
};

/** `PATCH /api/follow-ups/:id`. */
export const updateFollowUpSchema = {
  summary: "Edit a follow-up; 409 with the current one when version is stale",
  tags: ["follow-ups"],
  params: IdParams,
  body: UpdateFollowUpRequest,
  response: { 200: z.object({ followUp: FollowUp }), 409: FollowUpConflict, ...errorResponses },
};

/** `DELETE /api/follow-ups/:id?version=N`. */
export const deleteFollowUpSchema = {
  summary: "Delete a follow-up; 409 with the current one when version is stale",
  tags: ["follow-ups"],
  params: IdParams,
  querystring: z.strictObject({ version: z.coerce.number().int().min(1).max(2_147_483_647).describe("the version the deletion is based on") }),
  response: { 204: NoContent, 409: FollowUpConflict, ...errorResponses },
};
