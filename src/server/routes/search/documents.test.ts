import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachStore } from "../../../../test/stores.js";
import { buildTestApp, type Caller, seedWorld, signIn, TEST_PASSWORD, TEST_PASSWORD_COST, type World } from "../../../../test/server-harness.js";
import { createUser } from "../../../commands/accounts.js";
import { createAnonymousLink, submitAnonymousInput } from "../../../commands/anonymous-input.js";
import { createFollowUp, deleteFollowUp, updateFollowUp } from "../../../commands/follow-ups.js";
import { importPostmortems } from "../../../commands/import-postmortems.js";
import { createInterview, shareInterview, updateInterview } from "../../../commands/interviews.js";
import { draftReview, transitionReview, updateReview } from "../../../commands/review.js";
import type { SearchResponse } from "../../../core/search.js";
import { hashPassword } from "../../auth/passwords.js";

/** A word no seeded text has, of letters only so both stores' stemmers leave it whole. */
const word = (stem: string) => `${stem}${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("")}`;

describeEachStore(
  "search over reviews, write-ups, follow-ups, anonymous input and interview notes",
  (store) => {
    let app: FastifyInstance;
    let world: World;
    const as: Record<"admin" | "analyst" | "analyst2" | "member" | "viewer", Caller> = {} as never;
    let dir: string;

    beforeAll(async () => {
      world = await seedWorld(store);
      await createUser(store, { email: "analyst2@acme.example", name: "Second Analyst", role: "analyst", passwordHash: await hashPassword(TEST_PASSWORD, TEST_PASSWORD_COST), actor: "test" });
      app = await buildTestApp(store);
      for (const role of ["admin", "analyst", "member", "viewer"] as const) as[role] = await signIn(app, `${role}@acme.example`);
      as.analyst2 = await signIn(app, "analyst2@acme.example");
      dir = mkdtempSync(join(tmpdir(), "debrief-search-docs-"));
    });
    afterAll(async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const search = async (caller: Caller, q: string): Promise<{ body: string; hits: { incident: number; source: string; event: string }[] }> => {
      const response = await caller.get(`/api/search?q=${encodeURIComponent(q)}&limit=500`);
      expect(response.statusCode, response.body).toBe(200);
      const answer = response.json() as SearchResponse;
      // The answer echoes the query: what matters is that no hit carries the words.
      return { body: JSON.stringify(answer.groups), hits: answer.groups.flatMap((g) => g.hits.map((h) => ({ incident: g.incident.id, source: h.source, event: h.event }))) };
    };
    const sources = async (caller: Caller, q: string) => (await search(caller, q)).hits.map((h) => h.source);

    it("finds interview notes for their own interviewer only, never for another analyst, an admin or a share", async () => {
      const canary = word("canary");
      const analyst = { userId: world.users.analyst.id, actor: `user:${world.users.analyst.id}` };
      const created = await createInterview(store, { incidentId: world.incidents.draft, personId: world.people.alice, notes: `She knew the pool from the old team ${canary}`, reader: analyst });
      const id = created.planning.id;
      expect(await search(as.analyst, canary)).toMatchObject({ hits: [{ incident: world.incidents.draft, source: "interview", event: `interview:${id}` }] });
      // Shared by name: the share may open the interview, but search finds only one's own notes.
      const analyst2 = (await store.db.selectFrom("users").select("id").where("email", "=", "analyst2@acme.example").executeTakeFirstOrThrow()).id;
      await shareInterview(store, { id, userId: analyst2, reader: analyst });
      for (const caller of [as.analyst2, as.admin, as.member, as.viewer]) {
        const found = await search(caller, canary);
        expect(found.hits).toEqual([]);
        expect(found.body).not.toContain(canary);
        expect((await search(caller, "pool old team")).body).not.toContain(canary);
      }
      // The interview reads were audited as reads of confidential material, naming no content.
      const audit = await store.db.selectFrom("auditEvents").select(["action", "details"]).where("action", "=", "interview.read").where("subjectId", "=", String(id)).execute();
      expect(audit.some((row) => String(row.details).includes('"via":"search"'))).toBe(true);
      expect(JSON.stringify(audit)).not.toContain(canary);

      // An edit of the notes is searchable at once; the old words are gone.
      const edited = word("edited");
      const v1 = await updateInterview(store, { id, version: created.planning.version, changes: { notes: `Rewritten ${edited}` }, reader: analyst });
      expect(v1.kind).toBe("done");
      expect(await sources(as.analyst, canary)).toEqual([]);
      expect(await sources(as.analyst, edited)).toEqual(["interview"]);
      // Made an interviewer: now they are the second analyst's own notes too.
      const v2 = await updateInterview(store, { id, version: created.planning.version + 1, changes: { interviewerIds: [world.users.analyst.id, analyst2] }, reader: analyst });
      expect(v2.kind).toBe("done");
      expect(await sources(as.analyst2, edited)).toEqual(["interview"]);
      expect(await sources(as.admin, edited)).toEqual([]);
      const v3 = await updateInterview(store, { id, version: created.planning.version + 2, changes: { interviewerIds: [analyst2] }, reader: analyst });
      expect(v3.kind).toBe("done");
      expect(await sources(as.analyst, edited)).toEqual([]);
    });

    it("finds review drafts for members and up, never for a viewer; published versions for everyone", async () => {
      const analyst = { userId: world.users.analyst.id, actor: "test" };
      const incidentId = world.incidents.published;
      const draft = await draftReview(store, { incidentId, ...analyst });
      const key = draft.sections[0]?.key as string;
      const early = word("draftword");
      const first = await updateReview(store, { incidentId, version: draft.version.number, revision: draft.version.revision, sections: [{ key, markdown: `The login pool ran dry ${early}` }], ...analyst });
      if (first.kind !== "done") throw new Error(first.kind);
      expect(await sources(as.member, early)).toEqual(["review"]);
      expect(await sources(as.analyst, early)).toEqual(["review"]);
      expect(await sources(as.viewer, early)).toEqual([]);

      const published = await transitionReview(store, { incidentId, version: first.value.version.number, revision: first.value.version.revision, to: "published", ...analyst });
      if (published.kind !== "done") throw new Error(published.kind);
      expect(await search(as.viewer, early)).toMatchObject({ hits: [{ incident: incidentId, source: "review", event: "" }] });
      expect(await sources(as.member, early)).toEqual(["review"]);

      // An edit of the published version starts a draft: the viewer keeps the published words only.
      const later = word("laterword");
      const second = await updateReview(store, { incidentId, version: published.value.version.number, revision: published.value.version.revision, sections: [{ key, markdown: `Rewritten ${later}` }], ...analyst });
      if (second.kind !== "done") throw new Error(second.kind);
      expect(second.value.version.number).toBe(2);
      const viewerSees = await search(as.viewer, later);
      expect(viewerSees.hits).toEqual([]);
      expect(viewerSees.body).not.toContain(later);
      expect(await sources(as.viewer, early)).toEqual(["review"]);
      expect(await sources(as.member, later)).toEqual(["review"]);
    });

    it("finds imported past write-ups for everyone, as write-ups", async () => {
      const unique = word("writeup");
      const file = join(dir, "2019-05-01-queue.md");
      writeFileSync(file, `---\ntitle: Queue backlog\ndate: 2019-05-01\n---\n\n# Queue backlog\n\n## What happened\n\nThe broker disk filled ${unique}.\n`);
      const summary = await importPostmortems(store, [file], "test");
      expect(summary.imported).toBe(1);
      for (const caller of [as.viewer, as.member, as.admin]) expect(await sources(caller, unique)).toEqual(["write_up"]);
    });

    it("follows follow-ups as they are created, renamed and deleted; viewers never see them", async () => {
      const first = word("gearbox");
      const created = await createFollowUp(store, { incidentId: world.incidents.draft, title: `Alert on pool ${first}`, kind: "prevention", context: { eventKey: `message:${world.messages[1]}` }, createdBy: world.users.analyst.id, actor: "test" });
      expect(await search(as.member, first)).toMatchObject({ hits: [{ incident: world.incidents.draft, source: "follow_up", event: `message:${world.messages[1]}` }] });
      expect(await sources(as.viewer, first)).toEqual([]);
      const renamed = word("flywheel");
      const updated = await updateFollowUp(store, { id: created.id, version: created.version, title: `Alert on pool ${renamed}`, actor: "test" });
      if (updated.kind !== "done") throw new Error(updated.kind);
      expect(await sources(as.member, first)).toEqual([]);
      expect(await sources(as.member, renamed)).toEqual(["follow_up"]);
      expect((await deleteFollowUp(store, { id: created.id, version: updated.value.version, actor: "test" })).kind).toBe("done");
      expect(await sources(as.member, renamed)).toEqual([]);
    });

    it("finds anonymous input for analysts and admins only", async () => {
      const unique = word("anonword");
      const { token } = await createAnonymousLink(store, { incidentId: world.incidents.draft, expiresInDays: 14, reader: { userId: world.users.analyst.id, actor: "test" } });
      expect((await submitAnonymousInput(store, { token, surprised: `Nobody knew the pool had a cap ${unique}` })).kind).toBe("stored");
      expect(await sources(as.analyst, unique)).toEqual(["input"]);
      expect(await sources(as.admin, unique)).toEqual(["input"]);
      expect(await sources(as.member, unique)).toEqual([]);
      expect(await sources(as.viewer, unique)).toEqual([]);
    });
  },
  { lifetime: "file" },
);
