import { parentPort, workerData } from "node:worker_threads";
import type { InsightKind, InsightsInput } from "../core/insights.js";
import { openStore } from "../db/connection.js";
import { loadInsightsInput } from "../db/repositories/insights.js";
import { computeInsight, type InsightQuery } from "./insights.js";

/*
 * Worker thread: computes insights on its own read connection to a SQLite store, so
 * reading every incident's messages never holds the server's event loop. It keeps what
 * it loaded for the data version it was asked about and loads again when that changes.
 */

/** A question to the worker. */
export interface InsightWorkerRequest {
  id: number;
  version: string;
  kind: InsightKind;
  query: InsightQuery;
}

/** Its answer. */
export type InsightWorkerReply = { id: number; result: ReturnType<typeof computeInsight> } | { id: number; error: string; input: boolean };

const port = parentPort;
if (!port) throw new Error("insights-worker must run in a worker thread");
const { url } = workerData as { url: string };
const opened = openStore({ url, migrate: false });
let loaded: { version: string; input: Promise<InsightsInput> } | null = null;

port.on("message", (request: InsightWorkerRequest) => {
  void answer(request).then((reply) => port.postMessage(reply));
});

async function answer(request: InsightWorkerRequest): Promise<InsightWorkerReply> {
  try {
    const store = await opened;
    if (loaded?.version !== request.version) loaded = { version: request.version, input: loadInsightsInput(store.db) };
    const input = await loaded.input.catch((error: unknown) => {
      loaded = null;
      throw error;
    });
    try {
      return { id: request.id, result: computeInsight(input, request.kind, request.query) };
    } catch (error) {
      // A bad question (e.g. --from after --to): the caller reports it as the user's error.
      return { id: request.id, error: error instanceof Error ? error.message : String(error), input: true };
    }
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error), input: false };
  }
}
