import type { ZipWriter } from "../importers/zip/zip-writer.js";
import type { Random } from "./random.js";
import type { SlackMessage, Stamped } from "./slack-messages.js";
import { DAY_MS, isoDate } from "./time.js";

/**
 * Collects one conversation's messages and writes them as `<folder>/<YYYY-MM-DD>.json`
 * day files as soon as a day can no longer change, so memory holds a few days of one
 * conversation, never the whole export.
 */
export class DayFileWriter {
  readonly folder: string;
  readonly #zip: ZipWriter;
  readonly #rng: Random;
  readonly #onDayFile: (messages: number) => void;
  #pending: Stamped[] = [];
  #used = new Set<number>();
  /** Days before this instant (epoch µs) are written and closed. */
  #closedBeforeUs = 0;
  #written = 0;
  #dayFiles = 0;

  constructor(zip: ZipWriter, folder: string, rng: Random, onDayFile: (messages: number) => void) {
    this.#zip = zip;
    this.folder = folder;
    this.#rng = rng;
    this.#onDayFile = onDayFile;
  }

  /** Messages written so far. */
  get written(): number {
    return this.#written;
  }

  /** Day files written so far. */
  get dayFiles(): number {
    return this.#dayFiles;
  }

  /** Messages added and not yet written. */
  get pending(): number {
    return this.#pending.length;
  }

  /**
   * A timestamp in epoch microseconds near `ms`, unique in this conversation: Slack
   * uses `ts` as the message id within a channel.
   */
  stamp(ms: number): number {
    let us = Math.floor(ms) * 1000 + this.#rng.int(0, 999);
    if (us < this.#closedBeforeUs) throw new Error(`${this.folder}: message at ${new Date(ms).toISOString()} lands in a day already written`);
    while (this.#used.has(us)) us += 1;
    this.#used.add(us);
    return us;
  }

  /** Queues a message stamped with {@link stamp}. */
  add(us: number, message: SlackMessage): void {
    this.#pending.push({ us, message });
  }

  /** Writes every complete day before the UTC day that holds `ms`. */
  flushBefore(ms: number): void {
    const boundary = Math.floor(ms / DAY_MS) * DAY_MS * 1000;
    if (boundary <= this.#closedBeforeUs) return;
    this.#closedBeforeUs = boundary;
    if (this.#pending.length === 0) return;
    this.#pending.sort(byUs);
    let cut = 0;
    while (cut < this.#pending.length && (this.#pending[cut] as Stamped).us < boundary) cut += 1;
    if (cut === 0) return;
    this.#writeDays(this.#pending.slice(0, cut));
    this.#pending = this.#pending.slice(cut);
    this.#used = new Set(this.#pending.map((p) => p.us));
  }

  /** Writes everything still pending. */
  finish(): void {
    this.#pending.sort(byUs);
    this.#writeDays(this.#pending);
    this.#pending = [];
    this.#used.clear();
    this.#closedBeforeUs = Number.MAX_SAFE_INTEGER;
  }

  #writeDays(sorted: Stamped[]): void {
    let start = 0;
    while (start < sorted.length) {
      const day = Math.floor((sorted[start] as Stamped).us / 1000 / DAY_MS);
      let end = start + 1;
      while (end < sorted.length && Math.floor((sorted[end] as Stamped).us / 1000 / DAY_MS) === day) end += 1;
      const messages: SlackMessage[] = [];
      for (let i = start; i < end; i += 1) messages.push((sorted[i] as Stamped).message);
      // Four-space indentation, like Slack's own export files.
      this.#zip.add(`${this.folder}/${isoDate(day * DAY_MS)}.json`, JSON.stringify(messages, null, 4));
      this.#written += messages.length;
      this.#dayFiles += 1;
      this.#onDayFile(messages.length);
      start = end;
    }
  }
}

function byUs(a: Stamped, b: Stamped): number {
  return a.us - b.us;
}
