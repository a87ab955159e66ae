import { z } from "zod";
import { AhaBody, AskQuestionBody, LibraryList, LibraryQuery, MyReading, NotificationDelivery, ReactionBody, ReadBeacon, ReaderPage, Readership } from "../../../core/learning.js";
import { errorResponses, IdParams, NoContent } from "../common-schema.js";

/** `GET /api/library`. */
export const listLibrarySchema = {
  summary: "Published reviews: search by words, service, team, tag and date; newest or most read",
  tags: ["library"],
  querystring: LibraryQuery,
  response: { 200: LibraryList, ...errorResponses },
};

/** `GET /api/library/:id`. */
export const readEntrySchema = {
  summary: "A published review for reading, with questions, a-ha marks and reactions",
  tags: ["library"],
  params: IdParams,
  response: { 200: ReaderPage, ...errorResponses },
};

/** `POST /api/library/:id/questions`. */
export const askSchema = {
  summary: "Ask a question on a section, or answer one (parentId)",
  tags: ["library"],
  params: IdParams,
  body: AskQuestionBody,
  response: { 201: z.object({ id: z.number().int() }), ...errorResponses },
};

/** `POST /api/library/:id/ahas`. */
export const ahaSchema = {
  summary: "Mark a passage \u201cI didn't know that\u201d, with an optional one-line note",
  tags: ["library"],
  params: IdParams,
  body: AhaBody,
  response: { 201: z.object({ id: z.number().int() }), ...errorResponses },
};

/** `POST /api/library/:id/reactions`. */
export const reactSchema = {
  summary: "Toggle a reaction on a section",
  tags: ["library"],
  params: IdParams,
  body: ReactionBody,
  response: { 200: z.object({ on: z.boolean() }), ...errorResponses },
};

/** `POST /api/reads`. */
export const readsSchema = {
  summary: "Reading beacon: visible time and sections reached, batched (CSRF token in the body)",
  tags: ["library"],
  body: ReadBeacon.extend({ csrf: z.string().max(200).optional().describe("the session's CSRF token: a beacon cannot send headers") }),
  response: { 204: NoContent, ...errorResponses },
};

/** `GET /api/library/:id/readership`. */
export const readershipSchema = {
  summary: "Readership aggregates of a review (analysts and admins; never who read what)",
  tags: ["library"],
  params: IdParams,
  response: { 200: Readership, ...errorResponses },
};

/** `GET /api/me/reading`. */
export const myReadingSchema = {
  summary: "The caller's own reading history (nobody else's is ever shown)",
  tags: ["library"],
  querystring: z.strictObject({}),
  response: { 200: MyReading, ...errorResponses },
};

/** `GET /api/library/:id/notifications`. */
export const deliveriesSchema = {
  summary: "Notifications of a publication and their delivery status",
  tags: ["library"],
  params: IdParams,
  response: { 200: z.object({ deliveries: z.array(NotificationDelivery) }), ...errorResponses },
};

/** `POST /api/notifications/:id/retry`. */
export const retrySchema = {
  summary: "Retry a failed notification now",
  tags: ["library"],
  params: IdParams,
  response: { 204: NoContent, ...errorResponses },
};
