import { DirectoryPerson, PeopleList, PeopleQuery, PersonQuery, PersonResponse } from "../../../core/people.js";
import { errorResponses, IdParams } from "../common-schema.js";

export { DirectoryPerson };

/** `GET /api/people`. */
export const listPeopleSchema = {
  summary: "People, by name; q matches name or e-mail",
  tags: ["people"],
  querystring: PeopleQuery,
  response: { 200: PeopleList, ...errorResponses },
};

/** `GET /api/people/:id`. */
export const getPersonSchema = {
  summary: "One person with their teams over time and the incidents they took part in",
  tags: ["people"],
  params: IdParams,
  querystring: PersonQuery,
  response: { 200: PersonResponse, ...errorResponses },
};
