import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertFollowUp, type NewFollowUp } from "../../../db/repositories/follow-ups.js";
import { publishTestReview, readerIn } from "../../../../test/learning-world.js";
import { testStoreKinds } from "../../../../test/stores.js";
import { type ServerFixture, startFixture } from "../../../../test/server-harness.js";

interface Point {
  month: string;
  team: string | null;
  followUpsDone: number | null;
  followUpsLink: string | null;
}

interface Dashboard {
  months: Point[];
  teams: Point[];
  flags: { kind: string; message: string; link: string }[];
  flagCounts: Record<string, number>;
  followUpsTracked: boolean;
  overdueByTeam: { team: string | null; teamId: number | null; overdue: number; link: string }[];
}

const DAY = 86_400_000;

for (const kind of testStoreKinds()) {
  describe(`follow-ups on the learning dashboard and the reader page on ${kind.name}`, () => {
    let f: ServerFixture;
    let entryId: number;
    const teamIds: Record<string, number> = {};
    beforeAll(async () => {
      f = await startFixture(kind);
      entryId = await publishTestReview(f.store, f.world);
      const personOf = async (userId: number) => (await f.store.db.selectFrom("users").select("personId").where("id", "=", userId).executeTakeFirstOrThrow()).personId as number;
      const ida = await personOf(await readerIn(f.store, "ida@acme.example", "Engineering", "identity"));
      const pat = await personOf(await readerIn(f.store, "pat@acme.example", "Engineering", "payments"));
      // Moved from identity to payments: counted under the team she is on now.
      const mo = await personOf(await readerIn(f.store, "mo@acme.example", "Support", "identity"));
      for (const team of await f.store.db.selectFrom("teams").select(["id", "name"]).execute()) teamIds[team.name] = team.id;
      await f.store.db.updateTable("teamMemberships").set({ toAt: Date.now() - 1000 }).where("personId", "=", mo).execute();
      await f.store.db.insertInto("teamMemberships").values({ personId: mo, teamId: teamIds.payments as number, fromAt: Date.now() - 1000, toAt: null }).execute();

      const incidentId = f.world.incidents.published;
      const add = (title: string, status: string, ownerPersonId: number | null, dueDate: string | null, at = Date.now()) =>
        insertFollowUp(f.store.db, { incidentId, title, kind: "prevention", status, ownerPersonId, dueDate, trackerUrl: null, context: null, createdBy: null } satisfies NewFollowUp, at);
      const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10);
      const today = new Date().toISOString().slice(0, 10);
      await add("Warm the cache before deploys", "open", ida, "2020-01-31");
      await add("Alert on cold cache", "in_progress", ida, yesterday);
      await add("Runbook for cache rebuilds", "open", pat, "2020-02-01");
      await add("Moved owner's task", "open", mo, "2020-02-01");
      await add("Nobody owns this", "open", null, "2020-03-01");
      // Not overdue: due today, due later, closed.
      await add("Due today", "open", ida, today);
      await add("Load test the login path", "open", ida, "2999-01-01");
      await add("Cache size review", "done", ida, "2020-01-01");
      await add("Rewrite the cache", "wont_do", pat, "2020-01-01");
    });
    afterAll(() => f.close());

    async function dashboard(): Promise<Dashboard> {
      const from = new Date(Date.now() - 20 * DAY).toISOString().slice(0, 7);
      const to = new Date().toISOString().slice(0, 7);
      const response = await f.callers.analyst.get(`/api/learning/dashboard?from=${from}&to=${to}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as Dashboard;
    }

    it("flags overdue follow-ups by the owner's current team, each flag linking to the list behind it", async () => {
      const data = await dashboard();
      expect(data.followUpsTracked).toBe(true);
      expect(data.overdueByTeam).toEqual([
        { team: "identity", teamId: teamIds.identity, overdue: 2, link: `/follow-ups?team=${teamIds.identity}&overdue=true` },
        { team: "payments", teamId: teamIds.payments, overdue: 2, link: `/follow-ups?team=${teamIds.payments}&overdue=true` },
        { team: null, teamId: null, overdue: 1, link: "/follow-ups?overdue=true" },
      ]);
      const flags = data.flags.filter((x) => x.kind === "overdue_follow_ups");
      expect(flags.map((x) => x.message)).toEqual(["identity: 2 follow-ups are overdue.", "payments: 2 follow-ups are overdue.", "1 follow-up is overdue with an owner on no team (or no owner)."]);
      expect(data.flagCounts.overdue_follow_ups).toBe(3);
      // The list each team's flag links to holds exactly the follow-ups it counts.
      for (const row of data.overdueByTeam.filter((r) => r.teamId !== null)) {
        const listed = (await f.callers.analyst.get(`/api/follow-ups?team=${row.teamId}&overdue=true`)).json() as { followUps: { title: string }[] };
        expect(listed.followUps.length, row.team ?? "").toBe(row.overdue);
      }
    });

    it("counts follow-ups done per month and per team, linking to them", async () => {
      const data = await dashboard();
      const month = new Date().toISOString().slice(0, 7);
      expect(data.months.find((p) => p.month === month)).toMatchObject({ followUpsDone: 1, followUpsLink: "/follow-ups?status=done" });
      expect(data.teams.find((p) => p.team === "identity" && p.month === month)).toMatchObject({ followUpsDone: 1, followUpsLink: `/follow-ups?status=done&team=${teamIds.identity}` });
      const earlier = new Date(Date.now() - 20 * DAY).toISOString().slice(0, 7);
      if (earlier !== month) expect(data.months.find((p) => p.month === earlier)).toMatchObject({ followUpsDone: 0 });
    });

    it("lists the incident's follow-ups with their status on the reader page, for those who may read follow-ups", async () => {
      const page = (await f.callers.member.get(`/api/library/${entryId}`)).json() as { followUps: { title: string; status: string; owner: string | null; dueDate: string | null; overdue: boolean }[] | null };
      expect(page.followUps).toHaveLength(9);
      expect(page.followUps?.find((x) => x.title === "Warm the cache before deploys")).toMatchObject({ status: "open", owner: "ida", dueDate: "2020-01-31", overdue: true });
      expect(page.followUps?.find((x) => x.title === "Cache size review")).toMatchObject({ status: "done", overdue: false });
      expect(page.followUps?.find((x) => x.title === "Due today")).toMatchObject({ overdue: false });
      // Viewers may not read follow-ups: not shown to them, which is not "none".
      const viewer = (await f.callers.viewer.get(`/api/library/${entryId}`)).json() as { followUps: unknown };
      expect(viewer.followUps).toBeNull();
    });
  });
}
