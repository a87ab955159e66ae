import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends the run with one plain line, `N passed, N failed, N skipped`, that CI and
 * people can read without parsing Vitest's own summary.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed += 1;
        else if (state === "failed") failed += 1;
        else skipped += 1;
      }
      // A file that fails to load has no tests; count it as a failure so it cannot hide.
      if (module.state() === "failed" && [...module.children.allTests()].length === 0) failed += 1;
    }
    // Why tests were skipped (a missing sample input), once per reason, so a skip is never silent.
    const reasons = new Map<string, number>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === "skipped" && result.note) reasons.set(result.note, (reasons.get(result.note) ?? 0) + 1);
      }
    }
    for (const [reason, count] of reasons) process.stdout.write(`\nskipped ${count}: ${reason}`);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
