import type { Command } from "commander";
import { openStore } from "../db/connection.js";
import { migrateDown, migrateToLatest, migrationStatus } from "../db/migrate.js";
import { registerDbCopyCommand } from "./backup.js";

/** `debrief db …`: schema migrations. */
export function registerDbCommands(program: Command): void {
  const group = program.command("db").description("manage the store's schema");
  const open = (command: Command) => openStore({ url: command.optsWithGlobals<{ db?: string }>().db, migrate: false });
  group
    .command("migrate")
    .description("apply pending migrations (also done at every start)")
    .action(async (_options: unknown, command: Command) => {
      const store = await open(command);
      try {
        const applied = await migrateToLatest(store);
        process.stdout.write(applied.length === 0 ? `${store.description}: schema is up to date\n` : `${store.description}: applied ${applied.join(", ")}\n`);
      } finally {
        await store.close();
      }
    });
  group
    .command("status")
    .description("list migrations and whether each is applied")
    .action(async (_options: unknown, command: Command) => {
      const store = await open(command);
      try {
        for (const m of await migrationStatus(store)) process.stdout.write(`${m.appliedAt ? "applied" : "pending"}  ${m.name}${m.appliedAt ? `  ${m.appliedAt}` : ""}\n`);
      } finally {
        await store.close();
      }
    });
  group
    .command("rollback")
    .description("revert the most recent migration")
    .action(async (_options: unknown, command: Command) => {
      const store = await open(command);
      try {
        const name = await migrateDown(store);
        process.stdout.write(name ? `${store.description}: reverted ${name}\n` : `${store.description}: nothing to revert\n`);
      } finally {
        await store.close();
      }
    });
  registerDbCopyCommand(group);
}
