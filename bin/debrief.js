#!/usr/bin/env node
// Runs the compiled CLI; `npm install` builds it (the "prepare" script).
import { main } from "../dist/src/cli/main.js";

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`debrief: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
