import { main } from "./main.js";

// `debrief … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

// The process entry: `bin/debrief.js` loads the compiled copy of this file.
main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`debrief: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
