import type { Command } from "commander";
import { AccountExistsError, createUser, isRole, ROLES } from "../commands/accounts.js";
import { InputError } from "../commands/create-incident.js";
import { MIN_PASSWORD_CHARACTERS, passwordProblem } from "../core/password-rules.js";
import { listUsers } from "../db/repositories/users.js";
import { generatePassword, hashPassword } from "../server/auth/passwords.js";
import { presentAccount } from "../server/presenters/users.js";
import { cliActor, printJson, withStore } from "./context.js";


/** `debrief users …`: create and list accounts from the command line (the first admin, scripts). */
export function registerUserCommands(program: Command): void {
  const group = program.command("users").description("create and list accounts");

  group
    .command("create")
    .description("create an account; without --password one is generated and printed once")
    .requiredOption("--email <email>", "the account's e-mail (its login)")
    .requiredOption("--name <name>", "the name shown in the UI")
    .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`)
    .option("--password <password>", `at least ${MIN_PASSWORD_CHARACTERS} characters, counted as the API counts them (it will be in your shell history: prefer the generated one)`)
    .option("--json", "print the account (and a generated password) as JSON")
    .action(async (options: { email: string; name: string; role: string; password?: string; json?: boolean }, command: Command) => {
      const role = options.role;
      if (!isRole(role)) throw new InputError(`--role must be one of ${ROLES.join(", ")}, got ${JSON.stringify(role)}`);
      const problem = options.password === undefined ? null : passwordProblem(options.password);
      if (problem !== null) throw new InputError(`--${problem}`);
      const generated = options.password === undefined ? generatePassword() : null;
      const passwordHash = await hashPassword(options.password ?? (generated as string));
      const user = await withStore(command, async (store) => {
        try {
          return await createUser(store, { email: options.email, name: options.name, role, passwordHash, actor: cliActor() });
        } catch (error) {
          if (error instanceof AccountExistsError) throw new InputError(error.message);
          throw error;
        }
      });
      if (options.json) return printJson({ user: presentAccount(user), ...(generated ? { password: generated } : {}) });
      process.stdout.write(`Created ${user.role} account ${user.email} (id ${user.id}).\n`);
      if (generated) process.stdout.write(`Password: ${generated}\n(shown only this once)\n`);
    });

  group
    .command("list")
    .description("list accounts")
    .option("--json", "print a JSON array")
    .action(async (options: { json?: boolean }, command: Command) => {
      const users = (await withStore(command, (store) => listUsers(store.db))).map(presentAccount);
      if (options.json) return printJson(users);
      if (users.length === 0) {
        process.stdout.write("No accounts yet. `debrief serve` creates the first admin, or use `debrief users create`.\n");
        return;
      }
      for (const user of users) {
        process.stdout.write(`${String(user.id).padStart(5)}  ${user.role.padEnd(8)}  ${user.email.padEnd(32)}  ${user.name}${user.disabled ? "  (disabled)" : ""}\n`);
      }
    });
}
