import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "bench/**/*.test.ts", "test/**/*.test.ts", "web/src/**/*.test.ts", "e2e/**/*.test.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
    testTimeout: 60_000,
    // Browser tests build the UI and load a demo company before their first test.
    hookTimeout: 240_000,
    // Store tests share one PostgreSQL server; files run in parallel on separate databases.
    pool: "forks",
  },
});
