import { ImportJobResponse } from "../../../core/imports.js";
import { AddSlackChannel, SlackSyncStatus } from "../../../core/slack-sync.js";
import { errorResponses, IdParams } from "../common-schema.js";

/** `GET /api/slack-sync`. */
export const slackSyncStatusSchema = {
  summary: "Whether the server can fetch Slack channels (an administrator has set SLACK_BOT_TOKEN)",
  tags: ["imports"],
  response: { 200: SlackSyncStatus, ...errorResponses },
};

/** `POST /api/incidents/:id/slack-channels`. */
export const addSlackChannelSchema = {
  summary: "Fetch a Slack channel with the server's bot token and add it to the incident (a background import job)",
  tags: ["imports", "incidents"],
  params: IdParams,
  body: AddSlackChannel,
  response: { 202: ImportJobResponse, ...errorResponses },
};
