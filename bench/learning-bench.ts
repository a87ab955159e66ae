import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { createUser } from "../src/commands/accounts.js";
import { openStore } from "../src/db/connection.js";
import { rebuildTeamReaders } from "../src/db/repositories/learning-dashboard.js";
import { monthOf } from "../src/db/repositories/library.js";
import { Random } from "../src/demo/random.js";
import { buildApp } from "../src/server/app.js";
import { hashPassword } from "../src/server/auth/passwords.js";

/*
 * `npm run bench:learning`: the learning dashboard over 5,000 published reviews and
 * 500,000 reads (2,000 readers in 8 departments and 40 teams, questions, a-ha marks and
 * 800 review meetings), timed at the server (Fastify in-process: authentication,
 * policy, queries, flags, response validation, serialisation). Baselines in the same
 * run: `GET /api/me` (the pipeline with no data work) and one SQL pass over every read
 * (`count(distinct user_id)` grouped by review): the least any dashboard over these
 * reads must do. Target: < 1 s.
 */

const { values } = parseArgs({
  options: {
    reviews: { type: "string", default: "5000" },
    reads: { type: "string", default: "500000" },
    readers: { type: "string", default: "2000" },
    runs: { type: "string", default: "7" },
    out: { type: "string", default: "bench/out" },
  },
});
const reviews = Number(values.reviews);
const readsWanted = Number(values.reads);
const readerCount = Number(values.readers);
const out = values.out ?? "bench/out";
mkdirSync(out, { recursive: true });
const dbPath = join(out, "learning-bench.db");
for (const suffix of ["", "-wal", "-shm"]) rmSync(`${dbPath}${suffix}`, { force: true });
const store = await openStore({ url: dbPath });
const { db, dialect } = store;
const random = new Random(11, "learning-bench");
const DAY = 86_400_000;
const END = Date.parse("2026-11-30T00:00:00Z");
const START = END - 730 * DAY;
const DEPARTMENTS = ["Engineering", "Engineering", "Engineering", "Support", "Sales", "Marketing", "Finance", "Operations"];

const READ_COLUMNS = ["id", "entry_id", "user_id", "visit_id", "started_at", "updated_at", "visible_ms", "sections", "sections_reached", "entry_month", "department"];
const seedStarted = performance.now();
await db.transaction().execute(async (trx) => {
  const now = Date.now();
  const teams = Array.from({ length: 40 }, (_, i) => [i + 1, `team-${i + 1}`, now, null, null]);
  await dialect.bulkInsert(trx, "teams", ["id", "name", "created_at", "catalog_ref", "display_name"], teams);
  const people = Array.from({ length: readerCount }, (_, i) => [i + 1, `Reader ${i + 1}`, `reader${i + 1}@bench.example`, null, null, DEPARTMENTS[i % DEPARTMENTS.length], null, null, null, now, now]);
  await dialect.bulkInsert(trx, "people", ["id", "name", "email", "timezone", "title", "department", "manager_id", "start_date", "end_date", "created_at", "updated_at"], people);
  await dialect.bulkInsert(trx, "team_memberships", ["id", "person_id", "team_id", "from_at", "to_at"], people.map((_, i) => [i + 1, i + 1, (i % 40) + 1, START, null]));
  const users = Array.from({ length: readerCount }, (_, i) => [i + 1, `reader${i + 1}@bench.example`, `Reader ${i + 1}`, null, "viewer", i + 1, 0, now, now]);
  await dialect.bulkInsert(trx, "users", ["id", "email", "name", "password_hash", "role", "person_id", "disabled", "created_at", "updated_at"], users);
  const incidents: unknown[][] = [];
  const entries: unknown[][] = [];
  const entryTeams: unknown[][] = [];
  const authors: unknown[][] = [];
  const sections = JSON.stringify([
    { key: "summary", title: "Summary", markdown: "What happened, in short." },
    { key: "narrative", title: "How we got here", markdown: "The story." },
    { key: "takeaways", title: "Takeaways", markdown: "What we learned." },
  ]);
  for (let i = 1; i <= reviews; i += 1) {
    const startedAt = START + Math.floor(((END - START - 10 * DAY) * i) / reviews);
    incidents.push([i, `Incident ${i}`, "SEV2", "published", "manual", startedAt, startedAt, startedAt + random.int(1, 48) * 3_600_000, startedAt, startedAt]);
    const publishedAt = startedAt + random.int(2, 9) * DAY;
    const team = `team-${(i % 40) + 1}`;
    entries.push([i, i, 1, `Review ${i}`, sections, JSON.stringify([{ userId: (i % readerCount) + 1, name: "Author" }]), "[]", "[]", JSON.stringify([team]), `review ${i}`, publishedAt, monthOf(publishedAt), 0]);
    entryTeams.push([i, team]);
    authors.push([i, (i % readerCount) + 1]);
  }
  await dialect.bulkInsert(trx, "incidents", ["id", "title", "severity", "status", "origin", "started_at", "detected_at", "resolved_at", "created_at", "updated_at"], incidents);
  await dialect.bulkInsert(trx, "library_entries", ["id", "incident_id", "version", "title", "sections", "authors", "tags", "services", "teams", "search_text", "published_at", "published_month", "superseded"], entries);
  await dialect.bulkInsert(trx, "library_entry_teams", ["entry_id", "team"], entryTeams);
  await dialect.bulkInsert(trx, "library_entry_authors", ["entry_id", "user_id"], authors);
  const reads: unknown[][] = [];
  for (let r = 1; r <= readsWanted; r += 1) {
    const entryId = random.int(1, reviews);
    const publishedAt = entries[entryId - 1]?.[10] as number;
    const at = publishedAt + Math.floor(random.float(0, 40) * DAY);
    const userId = random.int(1, readerCount);
    reads.push([r, entryId, userId, `v${r}`, at, at, random.int(10, 900) * 1000, '["summary"]', random.int(1, 3), entries[entryId - 1]?.[11], DEPARTMENTS[(userId - 1) % DEPARTMENTS.length]]);
    if (reads.length === 50_000) await dialect.bulkInsert(trx, "review_reads", READ_COLUMNS, reads.splice(0));
  }
  await dialect.bulkInsert(trx, "review_reads", READ_COLUMNS, reads);
  const questions = Array.from({ length: reviews * 3 }, (_, i) => [i + 1, random.int(1, reviews), "summary", null, random.int(1, readerCount), "why?", END]);
  await dialect.bulkInsert(trx, "review_questions", ["id", "entry_id", "section_key", "parent_id", "author_user_id", "body", "created_at"], questions.filter((_, i) => i % 2 === 0));
  await dialect.bulkInsert(trx, "review_ahas", ["id", "entry_id", "section_key", "passage", "note", "author_user_id", "created_at"], questions.filter((_, i) => i % 3 === 0).map((q) => [q[0], q[1], "summary", "What happened", null, q[4], END]));
  const meetings: unknown[][] = [];
  const attendees: unknown[][] = [];
  const speakers: unknown[][] = [];
  for (let m = 1; m <= 800; m += 1) {
    const incidentId = random.int(1, reviews);
    meetings.push([m, incidentId, `Meeting ${m}`, (incidents[incidentId - 1]?.[5] as number) + 3 * DAY, "call.vtt", null, END, null, 0]);
    const size = random.int(2, 14);
    for (let a = 0; a < size; a += 1) {
      const personId = random.int(1, readerCount);
      attendees.push([attendees.length + 1, m, personId, personId, `Reader ${personId}`]);
      if (a < 5) speakers.push([m, `Reader ${personId} ${a}`, personId, random.int(100, a === 0 ? 6000 : 900)]);
    }
  }
  await dialect.bulkInsert(trx, "review_meetings", ["id", "incident_id", "title", "scheduled_at", "transcript_name", "created_by", "created_at", "survey_questions", "survey_open"], meetings);
  await dialect.bulkInsert(trx, "meeting_attendees", ["id", "meeting_id", "user_id", "person_id", "name"], attendees);
  await dialect.bulkInsert(trx, "meeting_speakers", ["meeting_id", "speaker_name", "person_id", "words"], speakers);
});
// Reads were bulk-inserted past the beacon: fill its rollup as the migration backfills one.
await rebuildTeamReaders(db);
if (dialect.name === "sqlite") await sql`analyze`.execute(db);
const seedSeconds = (performance.now() - seedStarted) / 1000;

await createUser(store, { email: "bench@debrief.local", name: "Bench Analyst", role: "analyst", passwordHash: await hashPassword("bench-password-123", 1024), actor: "bench" });
const app = await buildApp({ store, passwordCost: 1024, minLoginDelayMs: 0 });
const login = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "bench@debrief.local", password: "bench-password-123" } });
const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c.value]));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const runs = Number(values.runs);
const dashboardUrl = `/api/learning/dashboard?from=${monthOf(START)}&to=${monthOf(END + 30 * DAY)}`;

async function time(work: () => Promise<void>): Promise<number[]> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await work();
    times.push(performance.now() - t0);
  }
  return times;
}

let body = "";
const dashboard = await time(async () => {
  const response = await app.inject({ method: "GET", url: dashboardUrl, cookies });
  if (response.statusCode !== 200) throw new Error(`dashboard answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
  body = response.body;
});
const me = await time(async () => {
  await app.inject({ method: "GET", url: "/api/me", cookies });
});
const scan = await time(async () => {
  await sql`select entry_id, count(distinct user_id) as n from review_reads group by entry_id`.execute(db);
});
const parsed = JSON.parse(body) as { months: unknown[]; teams: unknown[]; flags: unknown[]; flagCounts: Record<string, number> };
const d = median(dashboard);
const s = median(scan);
const m = median(me);
const readsStored = Number((await sql<{ n: number }>`select count(*) as n from review_reads`.execute(db)).rows[0]?.n ?? 0);
process.stdout.write(
  [
    `store: ${store.dialect.name}, ${reviews} published reviews, ${readsStored} reads, ${readerCount} readers (seeded in ${seedSeconds.toFixed(1)} s)`,
    `dashboard median ${d.toFixed(0)} ms over ${runs} runs (${parsed.months.length} months, ${parsed.teams.length} team-months, flags ${JSON.stringify(parsed.flagCounts)})`,
    `baseline: one grouped pass over every read ${s.toFixed(0)} ms; GET /api/me ${m.toFixed(1)} ms`,
    `dashboard / read pass: ${(d / s).toFixed(2)}x; target < 1000 ms: ${d < 1000 ? "met" : "NOT met"}`,
  ].join("\n") + "\n",
);
writeFileSync(join(out, "learning-bench.json"), JSON.stringify({ at: new Date().toISOString(), reviews, reads: readsStored, dashboardMs: d, readPassMs: s, meMs: m }, null, 2));
await app.close();
await store.close();
