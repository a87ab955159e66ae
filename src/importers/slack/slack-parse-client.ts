import type { ExportSource } from "../export-source.js";
import { ImportError } from "../../core/errors.js";
import { startWorker } from "../worker.js";
import type { SlackConversationRecord, SlackDayBatch } from "./slack-export-reader.js";
import { type SlackParseWorkerData, type SlackParseWorkerMessage, unpackMessage } from "./slack-parse-protocol.js";

/**
 * Parses day files in a worker thread and yields them in order. The worker opens the
 * export itself (its own file descriptor); errors it meets are rethrown here with the
 * same message, so the importer's transaction rolls back as for in-process parsing.
 */
export async function* parseInWorker(
  source: ExportSource,
  dayFiles: readonly { conversation: SlackConversationRecord; entry: string }[],
  users: Map<string, string>,
  channels: Map<string, string>,
): AsyncGenerator<SlackDayBatch> {
  const control = new SharedArrayBuffer(8);
  const counters = new Int32Array(control);
  const data: SlackParseWorkerData = {
    path: source.path,
    limits: source.limits,
    entries: dayFiles.map((d) => d.entry),
    users: [...users],
    channels: [...channels],
    control,
  };
  const worker = startWorker(new URL(`./slack-parse-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url), data);
  const queue: SlackParseWorkerMessage[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const push = (message: SlackParseWorkerMessage): void => {
    queue.push(message);
    wake?.();
  };
  worker.on("message", push);
  worker.on("error", (error) => {
    failure = error;
    wake?.();
  });
  worker.on("exit", (code) => {
    if (code !== 0 && !failure) failure = new Error(`Slack parse worker stopped with exit code ${code}`);
    wake?.();
  });
  try {
    for (;;) {
      const message = queue.shift();
      if (!message) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
        continue;
      }
      if (message.type === "done") return;
      if (message.type === "error") throw message.importError ? new ImportError(message.message) : new Error(message.message);
      for (const day of message.days) {
        const file = dayFiles[day.index];
        if (!file) throw new Error(`Slack parse worker sent an unknown day index ${day.index}`);
        yield { conversation: file.conversation, entry: file.entry, messages: day.messages.map(unpackMessage) };
      }
      Atomics.add(counters, 1, 1);
      Atomics.notify(counters, 1);
    }
  } finally {
    await worker.terminate();
  }
}
