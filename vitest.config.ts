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
    // Browser tests poll the page for what a refetch will show; on a busy two-core machine that can take seconds.
    expect: { poll: { timeout: 10_000 } },
  },
});
