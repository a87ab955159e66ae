import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { blameHints } from "../src/analysis/blame-hints.js";
import { evaluateHints, type HintScore, type LabelledSentence } from "../src/analysis/blame-hints-score.js";
import { HINT_CATEGORIES } from "../src/core/review-hints.js";

/*
 * `npm run bench:lint`: the blame-aware hints scored on the labelled sentences in
 * `bench/data/blame-hints-sentences.json` (precision, recall, F1 per category, for the
 * sentences the rules were tuned on, the held-out ones, and all), and the time to lint a
 * 5,000-word review. The baseline, measured in the same run on the same text, is a plain
 * scan: split into words and run one case-insensitive regular expression for the
 * modal-perfect phrases over it. Target: under 50 ms.
 */

const { values } = parseArgs({
  options: {
    words: { type: "string", default: "5000" },
    runs: { type: "string", default: "50" },
    out: { type: "string", default: "bench/out" },
  },
});

interface LabelledSet {
  sentences: (LabelledSentence & { set: "tuning" | "held-out" })[];
}

const here = dirname(fileURLToPath(import.meta.url));
const labelled = JSON.parse(readFileSync(join(here, "data", "blame-hints-sentences.json"), "utf8")) as LabelledSet;

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const row = (name: string, score: HintScore) =>
  `| ${name} | ${score.truePositives} | ${score.falsePositives} | ${score.falseNegatives} | ${percent(score.precision)} | ${percent(score.recall)} | ${score.f1.toFixed(3)} |`;

const results: Record<string, ReturnType<typeof evaluateHints>> = {};
for (const [name, sentences] of [
  ["tuning", labelled.sentences.filter((sentence) => sentence.set === "tuning")],
  ["held-out", labelled.sentences.filter((sentence) => sentence.set === "held-out")],
  ["all", labelled.sentences],
] as const) {
  const result = evaluateHints(sentences, blameHints);
  results[name] = result;
  const flagged = sentences.filter((sentence) => sentence.hints.length > 0).length;
  console.log(`\n${name}: ${sentences.length} sentences (${flagged} with hints expected, ${sentences.length - flagged} that must not be flagged)`);
  console.log("| category | TP | FP | FN | precision | recall | F1 |");
  console.log("|---|---|---|---|---|---|---|");
  for (const category of HINT_CATEGORIES) console.log(row(category, result.byCategory[category]));
  console.log(row("overall", result.overall));
  for (const miss of result.misses) console.log(`  ${miss.kind} ${miss.category} "${miss.span}" in: ${miss.text}`);
}

/** A review of about `words` words: headings, paragraphs of labelled sentences, a code block and links. */
function reviewOf(words: number): string {
  const parts: string[] = [];
  let count = 0;
  let section = 0;
  let index = 0;
  while (count < words) {
    if (index % 12 === 0) parts.push(`\n## Section ${++section}\n`);
    if (index % 40 === 7) parts.push("```sh\nkubectl rollout undo deployment/flags --to-revision=41\n```\n");
    const paragraph: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const sentence = labelled.sentences[index % labelled.sentences.length];
      index += 1;
      if (!sentence) continue;
      paragraph.push(sentence.text);
      count += sentence.text.split(/\s+/).length;
    }
    parts.push(`${paragraph.join(" ")} See [the dashboard](https://grafana.example/d/abc?from=now-6h).\n`);
  }
  return parts.join("\n");
}

const text = reviewOf(Number(values.words));
const wordCount = text.split(/\s+/).filter(Boolean).length;
const runs = Math.max(5, Number(values.runs));

/** Median and 95th percentile in milliseconds of `fn` over `runs` runs, after warming up. */
function time(fn: () => number): { median: number; p95: number; result: number } {
  let result = 0;
  for (let i = 0; i < 5; i += 1) result = fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    result = fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)] ?? 0, p95: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))] ?? 0, result };
}

const lint = time(() => blameHints(text).length);
const baseline = time(() => {
  const tokens = text.split(/\s+/).length;
  const modal = text.match(/\b(?:should|could|would)(?:n't| not)? have\b/gi)?.length ?? 0;
  return tokens + modal;
});

console.log(`\nlint of a ${wordCount}-word review (${text.length} characters), ${runs} runs:`);
console.log(`  blame-aware hints: median ${lint.median.toFixed(2)} ms, p95 ${lint.p95.toFixed(2)} ms, ${lint.result} hints (target < 50 ms)`);
console.log(`  baseline, split into words + one regex scan: median ${baseline.median.toFixed(2)} ms`);
console.log(`  hints ÷ baseline: ${(lint.median / Math.max(baseline.median, 0.001)).toFixed(1)}×`);

const out = values.out ?? "bench/out";
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, "lint-bench.json"),
  JSON.stringify(
    {
      scores: Object.fromEntries(Object.entries(results).map(([name, result]) => [name, { byCategory: result.byCategory, overall: result.overall }])),
      lint: { words: wordCount, runs, medianMs: lint.median, p95Ms: lint.p95, hints: lint.result },
      baseline: { medianMs: baseline.median },
    },
    null,
    2,
  ),
);
