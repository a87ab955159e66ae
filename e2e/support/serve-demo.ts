import { ACCOUNTS, startDemoServer } from "./demo-server.js";

/*
 * `tsx e2e/support/serve-demo.ts [port]`: the e2e set-up as a server to click through
 * by hand (or to point the Vite dev server at): the demo company, one account per role,
 * the built UI. Stops on Ctrl+C and removes its temporary files.
 */

const port = Number(process.argv[2] ?? 0);
const server = await startDemoServer({ messages: Number(process.env.DEMO_MESSAGES ?? 3000), onProgress: (s) => process.stderr.write(`${s}\n`), port });
process.stdout.write(`Debrief demo at ${server.url}\n`);
for (const account of Object.values(ACCOUNTS)) process.stdout.write(`  ${account.role.padEnd(8)} ${account.email} / ${account.password}\n`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
