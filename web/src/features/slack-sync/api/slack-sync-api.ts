import { apiFetch } from "../../../api/client";
import { ImportJobResponse } from "../../../../../src/core/imports.js";
import { type AddSlackChannel, SlackSyncStatus } from "../../../../../src/core/slack-sync.js";
import type { ImportJob } from "../../../api/types";

/** `GET /api/slack-sync`: whether the server has a Slack bot token. */
export async function fetchSlackSyncStatus(signal?: AbortSignal): Promise<SlackSyncStatus> {
  return apiFetch("/slack-sync", { schema: SlackSyncStatus, signal });
}

/** `POST /api/incidents/:id/slack-channels`: queues the channel's sync and answers its job. */
export async function addSlackChannel(incidentId: number, input: AddSlackChannel): Promise<ImportJob> {
  const body = await apiFetch(`/incidents/${incidentId}/slack-channels`, { schema: ImportJobResponse, method: "POST", body: input });
  return body.job;
}
