import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { BUILT_IN_SECTIONS, BUILT_IN_TEMPLATE_ID } from "../core/review-templates.js";
import { generateDemo } from "../demo/index.js";
import { describeEachStore } from "../../test/stores.js";
import { createUser } from "./accounts.js";
import { anonymousInputs } from "./anonymous-input.js";
import { seedDemoStudies, type DemoStudiesSummary } from "./demo-seed.js";
import { followUps, isOverdue, utcDay } from "./follow-ups.js";
import { incidentPeople } from "./incident-people.js";
import { listInterviews, readInterview, reviewQuotes } from "./interviews.js";
import { loadDemo } from "./load-demo.js";
import { meetingDetails, meetingsOfIncident } from "./review-meetings.js";
import { readReview, reviewReferences } from "./review.js";
import { readWholeTimeline } from "./timeline.js";

/*
 * The demo's worked incidents on a small demo company (seed 42, 3,000 messages): every
 * piece a first-time visitor is shown exists and agrees with the incident's own data —
 * quotes and links point at events of its timeline, the people named are its people,
 * interview notes stay with the demo analyst, reading comes after publication.
 */

const LINK = /\/incidents\/(\d+)\/timeline\?event=([a-z]+(?:%3A|:)[\d:%A]+)/g;

describeEachStore(
  "the demo's worked incidents",
  (store) => {
    let seeded: DemoStudiesSummary;
    let analystId: number;
    let otherAnalystId: number;
    let workedId: number;
    let timelineKeys: Set<string>;

    beforeAll(async () => {
      const demo = generateDemo({ seed: 42, messages: 3000, outDir: mkdtempSync(join(tmpdir(), "debrief-worked-demo-")) });
      await loadDemo(store, demo, "test");
      await createUser(store, { email: "admin@demo.test", name: "Ada Admin", role: "admin", passwordHash: null, actor: "test" });
      analystId = (await createUser(store, { email: "analyst@demo.debrief.local", name: "Demo Analyst", role: "analyst", passwordHash: null, actor: "test" })).id;
      otherAnalystId = (await createUser(store, { email: "other@demo.test", name: "Other Analyst", role: "analyst", passwordHash: null, actor: "test" })).id;
      seeded = await seedDemoStudies(store, { analystUserId: analystId, actor: "test" });
      workedId = seeded.worked.worked?.incidentId ?? 0;
      timelineKeys = new Set((await readWholeTimeline(store, workedId)).map((e) => e.key));
    }, 120_000);

    it("works one incident in full and starts a different one", () => {
      expect(seeded.worked.worked).not.toBeNull();
      expect(seeded.worked.halfDone).not.toBeNull();
      expect(seeded.worked.halfDone?.incidentId).not.toBe(workedId);
      expect(seeded.learning.reviews).toBeGreaterThan(0);
    });

    it("marks detection, diagnosis, repair, key moments, hypotheses and hand-offs on real events, with notes by the demo analyst", async () => {
      const annotations = await store.db.selectFrom("annotations").select(["eventKind", "eventId", "tags", "note", "authorUserId"]).where("incidentId", "=", workedId).execute();
      const tags = new Set(annotations.flatMap((a) => JSON.parse(a.tags) as string[]));
      for (const tag of ["detection", "diagnosis", "repair", "key_moment", "hypothesis", "hand_off"]) expect(tags).toContain(tag);
      for (const a of annotations) {
        expect(timelineKeys.has(`${a.eventKind}:${a.eventId}`)).toBe(true);
        expect(a.note.length).toBeGreaterThan(20);
        expect(a.authorUserId).toBe(analystId);
      }
    });

    it("has the incident call's transcript, its speakers matched to the incident's people", async () => {
      const participants = new Set((await incidentPeople(store.db, workedId))?.participants.map((p) => p.person.id));
      const cues = await store.db.selectFrom("transcriptCues as c").innerJoin("transcripts as t", "t.id", "c.transcriptId").select(["c.personId"]).where("t.incidentId", "=", workedId).execute();
      expect(cues.length).toBeGreaterThanOrEqual(3);
      for (const cue of cues) expect(participants.has(cue.personId ?? -1)).toBe(true);
      expect([...timelineKeys].some((k) => k.startsWith("cue:"))).toBe(true);
    });

    it("holds two or three interviews with the incident's people, confidential to the demo analyst", async () => {
      const participants = new Set((await incidentPeople(store.db, workedId))?.participants.map((p) => p.person.id));
      const mine = await listInterviews(store.db, workedId, { userId: analystId, seesAll: true });
      expect(mine.length).toBeGreaterThanOrEqual(2);
      expect(mine.length).toBeLessThanOrEqual(3);
      for (const { planning, full } of mine) {
        expect(full).toBe(true);
        expect(planning.status).toBe("done");
        expect(participants.has(planning.personId ?? -1)).toBe(true);
        expect(planning.interviewers.map((i) => i.id)).toEqual([analystId]);
        const own = await readInterview(store, planning.id, { userId: analystId, actor: "test" });
        expect(own?.confidential?.notes).toContain(planning.intervieweeName);
        const other = await readInterview(store, planning.id, { userId: otherAnalystId, actor: "test" });
        expect(other?.planning.id).toBe(planning.id);
        expect(other?.confidential).toBeNull();
      }
      expect((await listInterviews(store.db, workedId, { userId: otherAnalystId, seesAll: true })).every((i) => !i.full)).toBe(true);
    });

    it("publishes a how-we-got-here review whose quotes, links and people are the incident's own", async () => {
      const review = await readReview(store.db, workedId, { publishedOnly: true });
      expect(review?.review.template).toBe(BUILT_IN_TEMPLATE_ID);
      expect(review?.sections.map((s) => s.key)).toEqual(BUILT_IN_SECTIONS.map((s) => s.key));
      const sections = new Map(review?.sections.map((s) => [s.key, s.markdown]));
      const text = [...sections.values()].join("\n");
      expect(sections.get("narrative")).toContain("```mermaid");
      for (const key of ["summary", "narrative", "contributors", "takeaways", "follow_ups", "references", "key_moments"]) expect(sections.get(key)?.length ?? 0).toBeGreaterThan(40);

      const links = [...text.matchAll(LINK)];
      expect(links.length).toBeGreaterThan(10);
      for (const [, incident, ref] of links) {
        expect(Number(incident)).toBe(workedId);
        expect(timelineKeys.has(decodeURIComponent(ref ?? ""))).toBe(true);
      }
      const quotes = await reviewQuotes(store.db, workedId);
      expect(quotes.some((q) => q.consent === "attributed")).toBe(true);
      expect(quotes.some((q) => q.consent === "anonymous")).toBe(true);
      for (const q of quotes.filter((x) => text.includes(x.text))) expect(timelineKeys.has(q.eventRef ?? "")).toBe(true);
      expect(quotes.filter((q) => text.includes(q.text)).length).toBeGreaterThanOrEqual(3);
      // A quote the interviewee has not agreed to share stays out.
      const pending = await store.db.selectFrom("interviewQuotes").select("text").where("incidentId", "=", workedId).where("consent", "=", "pending").execute();
      expect(pending.length).toBeGreaterThan(0);
      for (const p of pending) expect(text).not.toContain(p.text);

      // Everyone from the directory the review names took part in the incident.
      const participants = new Set((await incidentPeople(store.db, workedId))?.participants.map((p) => p.person.name));
      const written = ["summary", "narrative", "impact", "trigger", "contributors", "mitigators", "difficulties", "follow_ups"].map((k) => sections.get(k) ?? "").join("\n");
      const named = (await store.db.selectFrom("people").select("name").execute()).map((p) => p.name).filter((name) => written.includes(name));
      expect(named.length).toBeGreaterThanOrEqual(3);
      for (const name of named) expect(participants.has(name)).toBe(true);

      const references = await reviewReferences(store.db, workedId);
      expect(references.length).toBeGreaterThan(0);
      for (const r of references) expect(timelineKeys.has(r.evidence)).toBe(true);
      expect(await anonymousInputs(store.db, workedId)).toHaveLength(1);
    });

    it("has follow-ups open, in progress and done, exactly one of them overdue", async () => {
      const list = await followUps(store.db, { incidentId: workedId });
      const statuses = new Set(list.map((f) => f.status));
      for (const status of ["open", "in_progress", "done"]) expect(statuses).toContain(status);
      expect(list.filter((f) => isOverdue(f, utcDay()))).toHaveLength(1);
      for (const f of list) if (f.context) expect(timelineKeys.has(f.context.eventKey)).toBe(true);
    });

    it("holds a review meeting with people from several departments and a transcript, and is read after it is published", async () => {
      const [meeting] = await meetingsOfIncident(store, workedId);
      expect(meeting).toBeDefined();
      const details = await meetingDetails(store, meeting!);
      expect(new Set(details.attendees.map((a) => a.department).filter((d) => d !== null)).size).toBeGreaterThanOrEqual(3);
      expect(details.transcript?.words).toBeGreaterThan(50);
      expect(details.speakers.length).toBeGreaterThanOrEqual(3);

      const entry = await store.db.selectFrom("libraryEntries").select(["id", "publishedAt"]).where("incidentId", "=", workedId).executeTakeFirstOrThrow();
      const incident = await store.db.selectFrom("incidents").select("resolvedAt").where("id", "=", workedId).executeTakeFirstOrThrow();
      expect(entry.publishedAt).toBeGreaterThan(incident.resolvedAt ?? 0);
      expect(meeting!.scheduledAt).toBeLessThan(entry.publishedAt);
      const reads = await store.db.selectFrom("reviewReads").select(["userId", "startedAt"]).where("entryId", "=", entry.id).execute();
      expect(new Set(reads.map((r) => r.userId)).size).toBeGreaterThanOrEqual(10);
      for (const r of reads) expect(r.startedAt).toBeGreaterThanOrEqual(entry.publishedAt);
      expect(Math.max(...reads.map((r) => r.startedAt)) - entry.publishedAt).toBeGreaterThan(14 * 86_400_000);
      const questions = await store.db.selectFrom("reviewQuestions").select("createdAt").where("entryId", "=", entry.id).execute();
      const ahas = await store.db.selectFrom("reviewAhas").select("createdAt").where("entryId", "=", entry.id).execute();
      expect(questions.length).toBeGreaterThanOrEqual(3);
      expect(ahas.length).toBeGreaterThanOrEqual(2);
      for (const at of [...questions, ...ahas].map((x) => x.createdAt)) expect(at).toBeGreaterThan(entry.publishedAt);
    });

    it("leaves the second incident half done, and every other incident unstudied", async () => {
      const half = seeded.worked.halfDone?.incidentId ?? 0;
      const review = await readReview(store.db, half);
      expect(review?.version.status).toBe("draft");
      expect(review?.review.publishedVersion).toBeNull();
      const interviews = await listInterviews(store.db, half, { userId: analystId, seesAll: true });
      expect(interviews.map((i) => i.planning.status)).toEqual(["planned"]);
      const annotated = await store.db.selectFrom("annotations").select("incidentId").distinct().execute();
      expect(annotated.map((a) => a.incidentId).sort((a, b) => a - b)).toEqual([workedId, half].sort((a, b) => a - b));
      const interviewed = await store.db.selectFrom("interviews").select("incidentId").distinct().execute();
      expect(interviewed.map((a) => a.incidentId).sort((a, b) => a - b)).toEqual([workedId, half].sort((a, b) => a - b));
    });
  },
  { lifetime: "file" },
);
