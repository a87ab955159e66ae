import type { ZipLimits } from "../zip/zip-reader.js";
import type { SlackMessageRecord } from "./slack-export-reader.js";

/** What the parse worker is started with. */
export interface SlackParseWorkerData {
  path: string;
  limits: Partial<ZipLimits>;
  /** Day-file entries to parse, in order. */
  entries: string[];
  users: [string, string][];
  channels: [string, string][];
  /**
   * Two Int32 counters: chunks posted by the worker, chunks consumed by the importer.
   * The worker blocks while too many chunks are in flight, so memory stays bounded
   * however fast it parses.
   */
  control: SharedArrayBuffer;
}

/** Chunks the worker may have posted and the importer not yet stored. */
export const MAX_CHUNKS_IN_FLIGHT = 4;
/** Messages per chunk: large enough that posting costs little, small enough to stay lean. */
export const MESSAGES_PER_CHUNK = 2000;

/** Messages from the worker to the importer. */
export type SlackParseWorkerMessage =
  | { type: "chunk"; days: { index: number; messages: SlackMessageRecord[] }[] }
  | { type: "done" }
  | { type: "error"; message: string; importError: boolean };
