import { parentPort, workerData } from "node:worker_threads";
import { openExportSource } from "../export-source.js";
import { ImportError } from "../../core/errors.js";
import type { NameLookup } from "./mrkdwn.js";
import { parseDayFile } from "./slack-export-reader.js";
import {
  MAX_CHUNKS_IN_FLIGHT,
  MESSAGES_PER_CHUNK,
  type PackedMessage,
  packMessage,
  type SlackParseWorkerData,
  type SlackParseWorkerMessage,
} from "./slack-parse-protocol.js";

// Worker thread: reads and decodes day files, posting them in chunks to the importer.
const data = workerData as SlackParseWorkerData;
const port = parentPort;
if (!port) throw new Error("slack-parse-worker must run in a worker thread");
const post = (message: SlackParseWorkerMessage): void => port.postMessage(message);
const control = new Int32Array(data.control);

try {
  const source = openExportSource(data.path, data.limits);
  const users = new Map(data.users);
  const channels = new Map(data.channels);
  const names: NameLookup = { user: (id) => users.get(id), channel: (id) => channels.get(id) };
  let chunk: { index: number; messages: PackedMessage[] }[] = [];
  let pending = 0;
  const flush = (): void => {
    // Wait for the importer to catch up before adding another chunk to the queue.
    for (;;) {
      const consumed = Atomics.load(control, 1);
      if (Atomics.load(control, 0) - consumed < MAX_CHUNKS_IN_FLIGHT) break;
      Atomics.wait(control, 1, consumed, 1000);
    }
    post({ type: "chunk", days: chunk });
    Atomics.add(control, 0, 1);
    chunk = [];
    pending = 0;
  };
  try {
    data.entries.forEach((entry, index) => {
      const messages = parseDayFile(source, entry, names).map(packMessage);
      chunk.push({ index, messages });
      pending += messages.length;
      if (pending >= MESSAGES_PER_CHUNK) flush();
    });
    if (chunk.length > 0) flush();
  } finally {
    source.close();
  }
  post({ type: "done" });
} catch (error) {
  post({ type: "error", message: error instanceof Error ? error.message : String(error), importError: error instanceof ImportError });
}
