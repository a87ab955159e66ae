import { utcDay } from "../../../commands/follow-ups.js";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { askQuestion, browseLibrary, findLibraryEntry, markAha, myReading, react, readEntry, readershipOf, recordReadBeacon } from "../../../commands/library.js";
import { publicationDeliveries, retryDelivery } from "../../../commands/notify-published.js";
import { checkCsrfInBody } from "../../auth/authenticate.js";
import type { ServerContext } from "../../context.js";
import { notFound } from "../../errors.js";
import { actorOf, authorize, can } from "../../policies/policies.js";
import { presentDelivery, presentLibraryItem, presentReaderPage } from "../../presenters/library.js";
import { ahaSchema, askSchema, deliveriesSchema, myReadingSchema, readEntrySchema, readershipSchema, readsSchema, reactSchema, listLibrarySchema, retrySchema } from "./schema.js";

/**
 * The library of published reviews and the reader's part in it: questions, a-ha marks,
 * reactions and the reading beacon; readership aggregates for analysts and admins.
 */
export function libraryRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const { store } = context;
  const entryOr404 = async (id: number) => {
    const entry = await findLibraryEntry(store, id);
    if (!entry) throw notFound("review");
    return entry;
  };
  return async (app) => {
    // The beacon sends its JSON as text/plain (a header-free request), parsed as JSON on this plugin only.
    app.addContentTypeParser("text/plain", { parseAs: "string", bodyLimit: 64 * 1024 }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(Object.assign(new Error("malformed JSON body"), { statusCode: 400 }), undefined);
      }
    });

    app.get("/api/library", { schema: listLibrarySchema }, async (request) => {
      authorize(request.principal, "library.read");
      const result = await browseLibrary(store, request.query);
      return { items: result.items.map(presentLibraryItem), total: result.total, facets: result.facets };
    });

    app.get("/api/library/:id", { schema: readEntrySchema }, async (request) => {
      authorize(request.principal, "library.read");
      const principal = request.principal;
      const data = await readEntry(store, request.params.id, principal.userId);
      if (!data) throw notFound("review");
      return presentReaderPage(data, { userId: principal.userId, canOpenEvidence: can(principal, "timeline.read"), canSeeReadership: can(principal, "readership.read"), canSeeFollowUps: can(principal, "follow_up.read"), today: utcDay() });
    });

    app.post("/api/library/:id/questions", { schema: askSchema }, async (request, reply) => {
      authorize(request.principal, "library.interact");
      const entry = await entryOr404(request.params.id);
      const id = await askQuestion(store, { entry, ...request.body, userId: request.principal.userId, actor: actorOf(request.principal) });
      return reply.code(201).send({ id });
    });

    app.post("/api/library/:id/ahas", { schema: ahaSchema }, async (request, reply) => {
      authorize(request.principal, "library.interact");
      const entry = await entryOr404(request.params.id);
      const id = await markAha(store, { entry, ...request.body, userId: request.principal.userId, actor: actorOf(request.principal) });
      return reply.code(201).send({ id });
    });

    app.post("/api/library/:id/reactions", { schema: reactSchema }, async (request) => {
      authorize(request.principal, "library.interact");
      const entry = await entryOr404(request.params.id);
      return { on: await react(store, { entry, ...request.body, userId: request.principal.userId, actor: actorOf(request.principal) }) };
    });

    app.post("/api/reads", { schema: readsSchema, config: { csrfInBody: true } }, async (request, reply) => {
      authorize(request.principal, "library.interact");
      checkCsrfInBody(request, request.principal, request.body.csrf);
      await recordReadBeacon(store, request.principal.userId, request.body.reports);
      return reply.code(204).send();
    });

    app.get("/api/library/:id/readership", { schema: readershipSchema }, async (request) => {
      authorize(request.principal, "readership.read");
      return readershipOf(store, await entryOr404(request.params.id));
    });

    app.get("/api/me/reading", { schema: myReadingSchema }, async (request) => {
      authorize(request.principal, "library.read");
      const reads = await myReading(store, request.principal.userId);
      return { reads: reads.map((r) => ({ entryId: r.entryId, title: r.title, firstReadAt: new Date(r.firstReadAt).toISOString(), visibleSeconds: Math.round(r.visibleMs / 1000), sectionsReached: r.sectionsReached })) };
    });

    app.get("/api/library/:id/notifications", { schema: deliveriesSchema }, async (request) => {
      authorize(request.principal, "notification.read");
      const entry = await entryOr404(request.params.id);
      return { deliveries: (await publicationDeliveries(store, entry.id)).map(presentDelivery) };
    });

    app.post("/api/notifications/:id/retry", { schema: retrySchema }, async (request, reply) => {
      authorize(request.principal, "notification.read");
      if (!(await retryDelivery(store, request.params.id, actorOf(request.principal)))) throw notFound("failed notification");
      return reply.code(204).send();
    });
  };
}
