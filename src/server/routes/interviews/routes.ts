import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  anonymousInputIncident,
  anonymousInputs,
  anonymousLinks,
  createAnonymousLink,
  DEFAULT_LINK_DAYS,
  describeLink,
  findLink,
  quoteAnonymousInput,
  revokeLink,
  submitAnonymousInput,
} from "../../../commands/anonymous-input.js";
import { findIncidentForRead } from "../../../commands/incident-lookup.js";
import {
  accessOf,
  createInterview,
  createQuote,
  deleteQuote,
  interviewPlanning,
  interviewSuggestions,
  interviewSynthesis,
  listInterviews,
  quoteWithInterview,
  type Reader,
  readInterview,
  removeInterviewTranscript,
  reviewQuotes,
  shareInterview,
  unshareInterview,
  updateInterview,
  updateQuote,
  uploadInterviewTranscript,
} from "../../../commands/interviews.js";
import type { ServerContext } from "../../context.js";
import { HttpError, notFound } from "../../errors.js";
import { actorOf, authorize, type Principal } from "../../policies/policies.js";
import { presentAnonymousLink, presentInterview, presentQuote, presentSuggestion, presentSynthesisMoment } from "../../presenters/interviews.js";
import {
  createInterviewSchema,
  createLinkSchema,
  createQuoteSchema,
  deleteQuoteSchema,
  deleteTranscriptSchema,
  describeLinkSchema,
  getInterviewSchema,
  listInputsSchema,
  listInterviewsSchema,
  listLinksSchema,
  putTranscriptSchema,
  quoteInputSchema,
  reviewQuotesSchema,
  revokeLinkSchema,
  shareInterviewSchema,
  submitInputSchema,
  suggestionsSchema,
  synthesisSchema,
  unshareInterviewSchema,
  updateInterviewSchema,
  updateQuoteSchema,
} from "./schema.js";

const ms = (value: string | null | undefined) => (value === null ? null : value === undefined ? undefined : Date.parse(value));
const readerOf = (principal: Principal): Reader => ({ userId: principal.userId, actor: actorOf(principal) });
/** One answer for a dead, revoked or made-up token: the page must not tell them apart. */
const deadLink = () => new HttpError(404, "this link is not valid: it may have expired or been revoked");

/**
 * Interviews: suggestions, the confidential record, quotes with consent, the side-by-side
 * synthesis, and anonymous input. Every route checks a policy before touching data; the
 * confidential part of an interview is loaded only for its interviewers and named shares.
 * The two anonymous routes log nothing (no address, no path) and take the token in the body.
 */
export function interviewRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const { store } = context;
  const { db } = store;

  /** The incident, checked readable by the caller; 404 when it does not exist. */
  const incidentFor = async (principal: Principal | null, id: number) => {
    authorize(principal, "incident.read");
    const incident = await findIncidentForRead(db, id);
    if (!incident) throw notFound("incident");
    authorize(principal, "incident.read", { type: "incident", id: incident.id, status: incident.status });
    return incident;
  };

  /** The interview's planning fields, with the policy applied to `action` on it. */
  const interviewFor = async (principal: Principal | null, action: "interview.read" | "interview.update" | "interview.share", id: number) => {
    authorize(principal, action);
    const planning = await interviewPlanning(db, id);
    if (!planning) throw notFound("interview");
    await incidentFor(principal, planning.incidentId);
    authorize(principal, action, { type: "interview", id: planning.id, ...accessOf(planning) });
    return planning;
  };

  return async (app) => {
    app.get("/api/incidents/:id/interview-suggestions", { schema: suggestionsSchema }, async (request) => {
      authorize(request.principal, "interview.suggest");
      const incident = await incidentFor(request.principal, request.params.id);
      const suggestions = (await interviewSuggestions(db, incident.id)) ?? [];
      return { suggestions: suggestions.map(presentSuggestion) };
    });

    app.get("/api/incidents/:id/interviews", { schema: listInterviewsSchema }, async (request) => {
      authorize(request.principal, "interview.list");
      const principal = request.principal;
      const incident = await incidentFor(principal, request.params.id);
      const seesAll = principal.role === "admin" || principal.role === "analyst";
      const rows = await listInterviews(db, incident.id, { userId: principal.userId, seesAll });
      // The list never carries confidential fields, even for interviewers: those come from GET /api/interviews/:id, which audits the read.
      return { interviews: rows.map((r) => presentInterview({ planning: r.planning, confidential: null })) };
    });

    app.post("/api/incidents/:id/interviews", { schema: createInterviewSchema }, async (request, reply) => {
      authorize(request.principal, "interview.create");
      const principal = request.principal;
      const incident = await incidentFor(principal, request.params.id);
      const { personId, intervieweeName, scheduledAt, notes } = request.body;
      const record = await createInterview(store, { incidentId: incident.id, personId, intervieweeName, scheduledAt: ms(scheduledAt) ?? undefined, notes, reader: readerOf(principal) });
      return reply.code(201).send({ interview: presentInterview(record) });
    });

    app.get("/api/interviews/:id", { schema: getInterviewSchema }, async (request) => {
      const planning = await interviewFor(request.principal, "interview.read", request.params.id);
      const record = await readInterview(store, planning.id, readerOf(request.principal as Principal));
      if (!record) throw notFound("interview");
      return { interview: presentInterview(record) };
    });

    app.patch("/api/interviews/:id", { schema: updateInterviewSchema }, async (request, reply) => {
      const planning = await interviewFor(request.principal, "interview.update", request.params.id);
      const { version, scheduledAt, retentionUntil, ...rest } = request.body;
      const result = await updateInterview(store, {
        id: planning.id,
        version,
        changes: { ...rest, scheduledAt: ms(scheduledAt), retentionUntil: ms(retentionUntil) },
        reader: readerOf(request.principal as Principal),
      });
      if (result.kind === "missing") throw notFound("interview");
      if (result.kind === "conflict") return reply.code(409).send({ error: "conflict" as const, current: presentInterview(result.current) });
      return { interview: presentInterview(result.value) };
    });

    app.post("/api/interviews/:id/shares", { schema: shareInterviewSchema }, async (request) => {
      const planning = await interviewFor(request.principal, "interview.share", request.params.id);
      const record = await shareInterview(store, { id: planning.id, userId: request.body.userId, reader: readerOf(request.principal as Principal) });
      return { interview: presentInterview(record) };
    });

    app.delete("/api/interviews/:id/shares/:userId", { schema: unshareInterviewSchema }, async (request, reply) => {
      const planning = await interviewFor(request.principal, "interview.share", request.params.id);
      const removed = await unshareInterview(store, { id: planning.id, userId: request.params.userId, reader: readerOf(request.principal as Principal) });
      if (!removed) throw notFound("share");
      return reply.code(204).send();
    });

    app.put("/api/interviews/:id/transcript", { schema: putTranscriptSchema }, async (request) => {
      const planning = await interviewFor(request.principal, "interview.update", request.params.id);
      const record = await uploadInterviewTranscript(store, { id: planning.id, name: request.body.name, content: request.body.content, reader: readerOf(request.principal as Principal) });
      return { interview: presentInterview(record) };
    });

    app.delete("/api/interviews/:id/transcript", { schema: deleteTranscriptSchema }, async (request, reply) => {
      const planning = await interviewFor(request.principal, "interview.update", request.params.id);
      const removed = await removeInterviewTranscript(store, { id: planning.id, reader: readerOf(request.principal as Principal) });
      if (!removed) throw notFound("transcript");
      return reply.code(204).send();
    });

    app.post("/api/interviews/:id/quotes", { schema: createQuoteSchema }, async (request, reply) => {
      const planning = await interviewFor(request.principal, "interview.update", request.params.id);
      const quote = await createQuote(store, { interviewId: planning.id, incidentId: planning.incidentId, text: request.body.text, consent: request.body.consent, eventRef: request.body.eventRef ?? null, reader: readerOf(request.principal as Principal) });
      return reply.code(201).send({ quote: presentQuote(quote) });
    });

    /** A quote, with the policy of its interview (or, for anonymous-input quotes, of anonymous input). */
    const quoteFor = async (principal: Principal | null, id: number) => {
      authorize(principal, "interview.update");
      const found = await quoteWithInterview(db, id);
      if (!found) throw notFound("quote");
      if (found.planning) {
        await incidentFor(principal, found.planning.incidentId);
        authorize(principal, "interview.update", { type: "interview", id: found.planning.id, ...accessOf(found.planning) });
      } else {
        authorize(principal, "anonymous_input.manage");
        await incidentFor(principal, found.quote.incidentId);
      }
      return found.quote;
    };

    app.patch("/api/quotes/:id", { schema: updateQuoteSchema }, async (request, reply) => {
      const quote = await quoteFor(request.principal, request.params.id);
      const { version, ...changes } = request.body;
      if (quote.interviewId === null && changes.consent !== undefined && changes.consent !== "anonymous") throw new HttpError(400, "consent: a quote from anonymous input stays anonymous");
      const result = await updateQuote(store, { id: quote.id, version, changes, reader: readerOf(request.principal as Principal) });
      if (result.kind === "missing") throw notFound("quote");
      if (result.kind === "conflict") return reply.code(409).send({ error: "conflict" as const, current: presentQuote(result.current) });
      return { quote: presentQuote(result.value) };
    });

    app.delete("/api/quotes/:id", { schema: deleteQuoteSchema }, async (request, reply) => {
      const quote = await quoteFor(request.principal, request.params.id);
      if (!(await deleteQuote(store, { id: quote.id, reader: readerOf(request.principal as Principal) }))) throw notFound("quote");
      return reply.code(204).send();
    });

    app.get("/api/incidents/:id/review-quotes", { schema: reviewQuotesSchema }, async (request) => {
      authorize(request.principal, "quote.review");
      const incident = await incidentFor(request.principal, request.params.id);
      return { quotes: await reviewQuotes(db, incident.id) };
    });

    app.get("/api/incidents/:id/interview-synthesis", { schema: synthesisSchema }, async (request) => {
      authorize(request.principal, "interview.synthesis");
      const incident = await incidentFor(request.principal, request.params.id);
      const moments = await interviewSynthesis(store, incident.id, readerOf(request.principal));
      return { moments: moments.map(presentSynthesisMoment) };
    });

    app.post("/api/incidents/:id/anonymous-links", { schema: createLinkSchema }, async (request, reply) => {
      authorize(request.principal, "anonymous_input.manage");
      const incident = await incidentFor(request.principal, request.params.id);
      const { link, token } = await createAnonymousLink(store, { incidentId: incident.id, expiresInDays: request.body.expiresInDays ?? DEFAULT_LINK_DAYS, reader: readerOf(request.principal) });
      // The token goes after "#": browsers never send a fragment, so it stays out of every access log.
      return reply.code(201).send({ link: presentAnonymousLink(link), token, path: `/anonymous#${token}` });
    });

    app.get("/api/incidents/:id/anonymous-links", { schema: listLinksSchema }, async (request) => {
      authorize(request.principal, "anonymous_input.manage");
      const incident = await incidentFor(request.principal, request.params.id);
      return { links: (await anonymousLinks(db, incident.id)).map(presentAnonymousLink) };
    });

    app.delete("/api/anonymous-links/:id", { schema: revokeLinkSchema }, async (request, reply) => {
      authorize(request.principal, "anonymous_input.manage");
      const link = await findLink(db, request.params.id);
      if (!link) throw notFound("link");
      await incidentFor(request.principal, link.incidentId);
      if (!(await revokeLink(store, { id: link.id, reader: readerOf(request.principal) }))) throw new HttpError(404, "link not found or already revoked");
      return reply.code(204).send();
    });

    app.get("/api/incidents/:id/anonymous-inputs", { schema: listInputsSchema }, async (request) => {
      authorize(request.principal, "anonymous_input.manage");
      const incident = await incidentFor(request.principal, request.params.id);
      return { inputs: await anonymousInputs(db, incident.id) };
    });

    app.post("/api/anonymous-inputs/:id/quotes", { schema: quoteInputSchema }, async (request, reply) => {
      authorize(request.principal, "anonymous_input.manage");
      const incidentId = await anonymousInputIncident(db, request.params.id);
      if (incidentId === undefined) throw notFound("anonymous input");
      await incidentFor(request.principal, incidentId);
      const quote = await quoteAnonymousInput(store, { inputId: request.params.id, text: request.body.text, eventRef: request.body.eventRef ?? null, reader: readerOf(request.principal) });
      if (!quote) throw notFound("anonymous input");
      return reply.code(201).send({ quote: presentQuote(quote) });
    });

    // No sign-in, nothing logged: the request log would hold the sender's address.
    app.post("/api/anonymous/link", { config: { public: true }, logLevel: "silent", schema: describeLinkSchema }, async (request) => {
      const link = await describeLink(store, request.body.token);
      if (!link) throw deadLink();
      return { incidentTitle: link.incidentTitle, expiresAt: new Date(link.expiresAt).toISOString() };
    });

    app.post("/api/anonymous/inputs", { config: { public: true }, logLevel: "silent", schema: submitInputSchema }, async (request, reply) => {
      const result = await submitAnonymousInput(store, request.body);
      if (result.kind === "unknown_link") throw deadLink();
      if (result.kind === "rate_limited") throw new HttpError(429, "this link has taken many answers in the last hour: try again later");
      return reply.code(201).send({ stored: true as const });
    });
  };
}
