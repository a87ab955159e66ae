import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { personProfile } from "../../../commands/person-profile.js";
import { listPeople } from "../../../commands/people-directory.js";
import type { ServerContext } from "../../context.js";
import { notFound } from "../../errors.js";
import { authorize } from "../../policies/policies.js";
import { presentDirectoryPerson, presentPersonProfile } from "../../../presenters/people-directory.js";
import { getPersonSchema, listPeopleSchema } from "./schema.js";

/** The people directory. */
export function peopleRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const { db } = context.store;
  return async (app) => {
    app.get("/api/people", { schema: listPeopleSchema }, async (request) => {
      authorize(request.principal, "people.read");
      const people = await listPeople(context.store, request.query);
      return { people: people.map(presentDirectoryPerson) };
    });

    app.get("/api/people/:id", { schema: getPersonSchema }, async (request) => {
      authorize(request.principal, "people.read");
      const pages = request.query.pages ? request.query.pages.split(",").map(Number) : [];
      const profile = await personProfile(db, request.params.id, { pages });
      if (!profile) throw notFound("person");
      return { person: presentPersonProfile(profile) };
    });
  };
}
