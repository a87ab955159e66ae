import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The web UI's tests alone (unit tests in web/src and the browser tests in e2e/):
 * `vitest run --config e2e/vitest.config.ts`. Browser tests start the real
 * server in-process and drive Debian Chromium, so they run one file at a time.
 */
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["web/src/**/*.test.ts", "e2e/**/*.test.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: "forks",
    fileParallelism: false,
  },
});
