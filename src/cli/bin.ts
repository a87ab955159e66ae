import { main } from "./main.js";

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
