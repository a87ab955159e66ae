import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { InputError } from "../../../commands/create-incident.js";
import { queueSlackChannelSync, SlackSyncUnavailable } from "../../../commands/slack-channel-sync.js";
import type { ServerContext } from "../../context.js";
import { HttpError, notFound } from "../../errors.js";
import { actorOf, authorize } from "../../policies/policies.js";
import { addSlackChannelSchema, slackSyncStatusSchema } from "./schema.js";

/** "Add a Slack channel" on an incident: a sync job run with the server's bot token. */
export function slackSyncRoutes(context: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/api/slack-sync", { schema: slackSyncStatusSchema }, async (request) => {
      authorize(request.principal, "import.read");
      return { available: context.slackSyncAvailable };
    });

    app.post("/api/incidents/:id/slack-channels", { schema: addSlackChannelSchema }, async (request, reply) => {
      // Fetching a channel is an import that changes the incident: both are analysts' work.
      authorize(request.principal, "import.create");
      authorize(request.principal, "incident.update");
      try {
        const job = await queueSlackChannelSync(context.store, {
          incidentId: request.params.id,
          ...request.body,
          userId: request.principal.userId,
          actor: actorOf(request.principal),
          tokenAvailable: context.slackSyncAvailable,
        });
        return reply.code(202).send({ job });
      } catch (error) {
        if (error instanceof SlackSyncUnavailable) throw new HttpError(409, error.message);
        if (error instanceof InputError && error.message.startsWith("no incident")) throw notFound("incident");
        throw error;
      }
    });
  };
}
