import { z } from "zod";
import { isoTime } from "./common.js";

/*
 * Slack sync from the UI: adding a channel to an incident, fetched from the Slack Web
 * API with the server's bot token.
 */

/** Body of `POST /api/incidents/:id/slack-channels`. */
export const AddSlackChannel = z
  .strictObject({
    channel: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^#?[A-Za-z0-9][A-Za-z0-9._-]*$/, "a channel name (with or without #) or id (C…, G…)")
      .describe("the channel's name (with or without #) or id"),
    from: isoTime.optional().describe("start of the incident's window in the channel (default: the whole channel)"),
    to: isoTime.optional().describe("end of the window (default: now)"),
  })
  .meta({ id: "AddSlackChannel" });

/** Body of `POST /api/incidents/:id/slack-channels`. */
export type AddSlackChannel = z.infer<typeof AddSlackChannel>;

/** `GET /api/slack-sync`: whether the server can sync from Slack (it has a bot token). */
export const SlackSyncStatus = z
  .object({
    available: z.boolean().describe("false until an administrator sets SLACK_BOT_TOKEN on the server"),
  })
  .meta({ id: "SlackSyncStatus" });

/** Whether the server can sync from Slack. */
export type SlackSyncStatus = z.infer<typeof SlackSyncStatus>;

/** The message when the server has no bot token. */
export const SLACK_TOKEN_MISSING = "Slack sync is not set up on this server: an administrator must set SLACK_BOT_TOKEN (a Slack bot token, xoxb-…) in the server's environment and restart it";
