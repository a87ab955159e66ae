import { existsSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import { loadDemo } from "../src/commands/load-demo.js";
import { openStore } from "../src/db/connection.js";
import { setMessageIndexing } from "../src/db/search/search-index.js";
import { cachedDemo } from "./demo-cache.js";

/*
 * `npm run bench:fts`: what writing the SQLite message index costs by itself, without
 * the rest of an import, for the ways it could be written: a trigger per row (each
 * 64-row insert statement fires it), one `insert … select` per 1,000-message
 * transaction (what the importer does), one per ten transactions, and no index. The
 * messages are the generated demo company's; CPU time of this process and the size of
 * the write-ahead log (autocheckpoint off), min and median of `--runs`.
 */

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "100000" },
    seed: { type: "string", default: "7" },
    out: { type: "string", default: "bench/out" },
    runs: { type: "string", default: "5" },
  },
});
const out = values.out ?? "bench/out";
const demo = cachedDemo({ seed: Number(values.seed), messages: Number(values.messages), out });
const source = join(out, `fts-bench-source-${values.seed}-${values.messages}.db`);
if (!existsSync(source)) {
  const store = await openStore({ url: source });
  setMessageIndexing(false);
  await loadDemo(store, demo, "bench");
  setMessageIndexing(true);
  await store.close();
}
const messages = new BetterSqlite3(source, { readonly: true }).prepare("select id, text from messages order by id").all() as { id: number; text: string }[];

type Mode = "none" | "trigger" | "batch" | "ten-batches";
const PER_STATEMENT = 64;
const PER_TRANSACTION = 1000;
const FTS = "create virtual table f using fts5(text, content = 'm', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2')";

function run(mode: Mode): { cpuMs: number; walBytes: number } {
  const file = join(out, "fts-bench.db");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  const db = new BetterSqlite3(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("cache_size = -16384");
  db.pragma("wal_autocheckpoint = 0");
  db.exec("create table m (id integer primary key, text text not null)");
  if (mode !== "none") db.exec(FTS);
  if (mode === "trigger") db.exec("create trigger m_insert after insert on m begin insert into f(rowid, text) values (new.id, new.text); end");
  const many = db.prepare(`insert into m (id, text) values ${Array.from({ length: PER_STATEMENT }, () => "(?, ?)").join(", ")}`);
  const one = db.prepare("insert into m (id, text) values (?, ?)");
  const index = mode === "batch" || mode === "ten-batches" ? db.prepare("insert into f(rowid, text) select id, text from m where id between ? and ?") : null;
  const started = process.cpuUsage();
  let unindexedFrom = 0;
  for (let at = 0, batch = 0; at < messages.length; at += PER_TRANSACTION, batch += 1) {
    const end = Math.min(messages.length, at + PER_TRANSACTION);
    db.transaction(() => {
      let i = at;
      for (; i + PER_STATEMENT <= end; i += PER_STATEMENT) {
        const params: unknown[] = [];
        for (let k = i; k < i + PER_STATEMENT; k += 1) params.push(messages[k]?.id, messages[k]?.text);
        many.run(params);
      }
      for (; i < end; i += 1) one.run(messages[i]?.id, messages[i]?.text);
      if (index && (mode === "batch" || batch % 10 === 9 || end === messages.length)) {
        index.run(messages[unindexedFrom]?.id, messages[end - 1]?.id);
        unindexedFrom = end;
      }
    })();
  }
  const used = process.cpuUsage(started);
  const walBytes = statSync(`${file}-wal`).size;
  db.close();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  return { cpuMs: (used.user + used.system) / 1000, walBytes };
}

const runs = Math.max(1, Number(values.runs));
const results = new Map<Mode, { cpuMs: number; walBytes: number }[]>();
const modes: Mode[] = ["none", "trigger", "batch", "ten-batches"];
for (let r = 0; r < runs; r += 1) for (const mode of r % 2 === 0 ? modes : [...modes].reverse()) results.set(mode, [...(results.get(mode) ?? []), run(mode)]);
process.stdout.write(`${messages.length.toLocaleString("en")} messages, ${PER_TRANSACTION} per transaction, ${PER_STATEMENT} per insert statement, ${runs} runs\n`);
for (const mode of modes) {
  const cpu = (results.get(mode) ?? []).map((x) => x.cpuMs).sort((a, b) => a - b);
  const wal = results.get(mode)?.[0]?.walBytes ?? 0;
  process.stdout.write(`${mode.padEnd(12)} CPU min ${(cpu[0] ?? 0).toFixed(0)} ms, median ${(cpu[Math.floor(cpu.length / 2)] ?? 0).toFixed(0)} ms; write-ahead log ${(wal / 1e6).toFixed(1)} MB\n`);
}
