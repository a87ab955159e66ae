import { z } from "zod";
import { decimalText, errorResponses, IdParams, isoTime, searchText } from "../common-schema.js";

/** A person as the directory lists them. */
export const DirectoryPerson = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string().nullable(),
  timezone: z.string().nullable(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  team: z.string().nullable().describe("their current team"),
  identities: z.array(z.object({ source: z.string().describe("slack, pagerduty, email, github, scim"), externalId: z.string() })),
});

/** `GET /api/people`. */
export const listPeopleSchema = {
  summary: "People, by name; q matches name or e-mail",
  tags: ["people"],
  querystring: z.strictObject({
    q: searchText.optional(),
    limit: decimalText(1, 5000).optional().describe("default 1000"),
  }),
  response: { 200: z.object({ people: z.array(DirectoryPerson) }), ...errorResponses },
};

/** `GET /api/people/:id`. */
export const getPersonSchema = {
  summary: "One person with their teams over time and the incidents they took part in",
  tags: ["people"],
  params: IdParams,
  response: {
    200: z.object({
      person: DirectoryPerson.extend({
        teams: z.array(z.object({ team: z.string(), from: isoTime, to: isoTime.nullable() })),
        incidents: z
          .array(z.object({ id: z.number().int(), title: z.string(), startedAt: isoTime.nullable(), involvement: z.enum(["paged", "mentioned", "invited", "self"]) }))
          .describe("newest first, at most 50; involvement as the incident's people breakdown says"),
      }),
    }),
    ...errorResponses,
  },
};
