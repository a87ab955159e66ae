import { userInfo } from "node:os";
import type { Command } from "commander";
import { openStore, type Store } from "../db/connection.js";

/** Opens the store named by the global `--db` option (or `DATABASE_URL`), runs `work`, closes it. */
export async function withStore<T>(command: Command, work: (store: Store) => Promise<T>): Promise<T> {
  const url = command.optsWithGlobals<{ db?: string }>().db;
  const store = await openStore({ url });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Who is running the CLI, for the audit trail. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return "cli";
  }
}

/** Prints a value as one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
