import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordReadBeacon } from "../../../commands/library.js";
import { publishTestReview, readerIn } from "../../../../test/learning-world.js";
import { externalSample, itWithSamples } from "../../../../test/shared-data.js";
import { snapshotStore } from "../../../../test/snapshot.js";
import { testStoreKinds } from "../../../../test/stores.js";
import { type ServerFixture, signIn, startFixture } from "../../../../test/server-harness.js";

interface Meeting {
  id: number;
  attendees: { name: string; department: string | null }[];
  speakers: { name: string; words: number; share: number }[];
  speakingByDepartment: { department: string; share: number }[];
  marks: { kind: string; text: string }[];
  survey: { open: boolean; questions: string[]; responses: number; averages: (number | null)[] } | null;
  transcript: { name: string; words: number } | null;
}

interface Dashboard {
  months: { month: string; reviewsPublished: number; uniqueReaders: number; departmentsReached: number; meetings: number; meetingAttendees: number; speakers: number; speakingBalance: number | null; questions: number; ahas: number; followUpsDone: number | null; entryIds: number[] }[];
  teams: { team: string; month: string; reviewsPublished: number; uniqueReaders: number }[];
  flags: { kind: string; message: string; link: string; entryId: number | null; meetingId: number | null }[];
  flagCounts: Record<string, number>;
  followUpsTracked: boolean;
  settings: { minMeetingAttendees: number; maxSpeakerShare: number; unreadDays: number };
  privacy: string;
}

const SAMPLE = "transcripts/zoom_GMT20240124-202901_Recording.transcript.vtt";

for (const kind of testStoreKinds()) {
  describe(`meetings and the learning dashboard on ${kind.name}`, () => {
    let f: ServerFixture;
    let entryId: number;
    let meetingId: number;
    const readers: number[] = [];
    beforeAll(async () => {
      f = await startFixture(kind);
      entryId = await publishTestReview(f.store, f.world);
      readers.push(await readerIn(f.store, "ed@acme.example", "Engineering", "identity"));
      readers.push(await readerIn(f.store, "eve@acme.example", "Engineering", "identity"));
      // Speakers of the shared Zoom sample, in the directory.
      await readerIn(f.store, "srijani@acme.example", "Engineering");
      await f.store.db.updateTable("people").set({ name: "Srijani Ghosh" }).where("email", "=", "srijani@acme.example").execute();
      await readerIn(f.store, "conor@acme.example", "Support");
      await f.store.db.updateTable("people").set({ name: "Conor Healy" }).where("email", "=", "conor@acme.example").execute();
    });
    afterAll(() => f.close());

    const base = () => `/api/incidents/${f.world.incidents.published}/meetings`;

    it("lets analysts and admins schedule a meeting; members may not; viewers do not see meetings", async () => {
      const body = { title: "Slow logins review", scheduledAt: new Date(Date.now() - 10 * 86_400_000).toISOString(), attendees: [{ userId: f.world.users.viewer.id }, { userId: readers[0] }] };
      expect((await f.callers.member.post(base(), body)).statusCode).toBe(403);
      expect((await f.callers.viewer.post(base(), body)).statusCode).toBe(403);
      const created = await f.callers.analyst.post(base(), body);
      expect(created.statusCode, created.body).toBe(201);
      const meeting = (created.json() as { meeting: Meeting & { id: number } }).meeting;
      meetingId = meeting.id;
      expect(meeting.attendees).toEqual([
        { name: "Viewer User", department: null, userId: f.world.users.viewer.id, personId: null },
        expect.objectContaining({ name: "ed", department: "Engineering" }),
      ]);
      expect((await f.callers.member.get(`/api/meetings/${meetingId}`)).statusCode).toBe(200);
      expect((await f.callers.viewer.get(`/api/meetings/${meetingId}`)).statusCode).toBe(403);
      expect((await f.callers.analyst.post(`/api/incidents/${f.world.incidents.draft}/meetings`, { ...body, attendees: [{ personId: 999999 }] })).json()).toEqual({ error: "attendees.0.personId: no person 999999 in the directory" });
    });

    itWithSamples([SAMPLE], "imports the meeting's WebVTT transcript for speaking shares per person and department", async () => {
      const content = readFileSync(externalSample(SAMPLE), "utf8");
      const response = await f.callers.analyst.post(`/api/meetings/${meetingId}/transcript`, { name: "review.vtt", content });
      expect(response.statusCode, response.body).toBe(200);
      const { meeting, unmatched } = response.json() as { meeting: Meeting; unmatched: string[] };
      // Three speakers are not in the directory: they are counted, under their names, and reported.
      expect(unmatched.sort()).toEqual(["Dr. Melissa Ko", "Ryan Sloan", "Shreeharsh Kelkar"]);
      expect(meeting.speakers.map((s) => s.name).sort()).toEqual(["Conor Healy", "Dr. Melissa Ko", "Ryan Sloan", "Shreeharsh Kelkar", "Srijani Ghosh"]);
      // Conor Healy carried most of the talk in the sample.
      expect(meeting.speakers[0]).toMatchObject({ name: "Conor Healy" });
      expect(meeting.speakers[0]?.share).toBeGreaterThan(0.7);
      expect(meeting.speakers.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 2);
      expect(meeting.speakingByDepartment.map((d) => d.department).sort()).toEqual(["Engineering", "Support", "not in the directory"]);
      // The matched speakers joined the attendee list.
      expect(meeting.attendees.map((a) => a.name)).toEqual(expect.arrayContaining(["Srijani Ghosh", "Conor Healy"]));
      const before = await snapshotStore(f.store);
      const bad = await f.callers.analyst.post(`/api/meetings/${meetingId}/transcript`, { name: "bad.vtt", content: "not a transcript" });
      expect(bad.statusCode).toBe(400);
      expect((bad.json() as { error: string }).error).toMatch(/^bad\.vtt/);
      expect(await snapshotStore(f.store)).toEqual(before);
      expect((await f.callers.member.post(`/api/meetings/${meetingId}/transcript`, { name: "x.vtt", content })).statusCode).toBe(403);
    });

    it("takes a-ha moments, questions and follow-ups during the meeting from members, not viewers", async () => {
      for (const [kind, text] of [["aha", "the cache is per process"], ["question", "who owns the deploy hook?"], ["follow_up", "warm the cache before traffic"]] as const) {
        expect((await f.callers.member.post(`/api/meetings/${meetingId}/marks`, { kind, text })).statusCode).toBe(201);
      }
      expect((await f.callers.viewer.post(`/api/meetings/${meetingId}/marks`, { kind: "aha", text: "x" })).statusCode).toBe(403);
      const meeting = ((await f.callers.member.get(`/api/meetings/${meetingId}`)).json() as { meeting: Meeting }).meeting;
      expect(meeting.marks.map((m) => m.kind)).toEqual(["aha", "question", "follow_up"]);
    });

    it("runs an anonymous survey for attendees only: once each, averages only from 3 answers, no link from answer to person", async () => {
      expect((await f.callers.analyst.post(`/api/meetings/${meetingId}/survey`, { open: true })).statusCode).toBe(204);
      // The analyst is not an attendee: the survey does not exist for them.
      expect((await f.callers.analyst.get(`/api/meetings/${meetingId}/survey`)).statusCode).toBe(404);
      expect((await f.callers.analyst.post(`/api/meetings/${meetingId}/survey/answers`, { answers: [5, 5, 5, 5] })).statusCode).toBe(404);
      const survey = await f.callers.viewer.get(`/api/meetings/${meetingId}/survey`);
      expect(survey.json()).toMatchObject({ open: true, answered: false });
      expect((survey.json() as { questions: string[] }).questions).toHaveLength(4);
      expect((await f.callers.viewer.post(`/api/meetings/${meetingId}/survey/answers`, { answers: [4, 5, null, 3] })).statusCode).toBe(204);
      const again = await f.callers.viewer.post(`/api/meetings/${meetingId}/survey/answers`, { answers: [1, 1, 1, 1] });
      expect(again.json()).toEqual({ error: "you have already answered this survey" });
      expect((await f.callers.viewer.post(`/api/meetings/${meetingId}/survey/answers`, { answers: [9, 1, 1, 1] })).statusCode).toBe(400);
      let meeting = ((await f.callers.analyst.get(`/api/meetings/${meetingId}`)).json() as { meeting: Meeting }).meeting;
      expect(meeting.survey).toMatchObject({ responses: 1, averages: [null, null, null, null] });
      const { passwordHash } = await f.store.db.selectFrom("users").select("passwordHash").where("id", "=", f.world.users.viewer.id).executeTakeFirstOrThrow();
      await f.store.db.updateTable("users").set({ passwordHash }).where("id", "=", readers[0] as number).execute();
      const ed = await signIn(f.app, "ed@acme.example");
      expect((await ed.post(`/api/meetings/${meetingId}/survey/answers`, { answers: [2, 3, 4, 5] })).statusCode).toBe(204);
      const answers = await f.store.db.selectFrom("surveyAnswers").selectAll().execute();
      expect(Object.keys(answers[0] ?? {}).sort()).toEqual(["answers", "meetingId", "token"]);
      const audit = await f.store.db.selectFrom("auditEvents").select("details").where("action", "=", "meeting.survey_answered").execute();
      expect(audit.every((a) => a.details === null)).toBe(true);
      meeting = ((await f.callers.analyst.get(`/api/meetings/${meetingId}`)).json() as { meeting: Meeting }).meeting;
      expect(meeting.survey?.responses).toBe(2);
    });

    // Reads the meeting the transcript test filled from the sample (the one-speaker flag).
    itWithSamples([SAMPLE], "shows the dashboard and flags to analysts and admins only, each point linking to its reviews", async () => {
      for (const role of ["viewer", "member"] as const) expect((await f.callers[role].get("/api/learning/dashboard")).statusCode).toBe(403);
      const response = await f.callers.analyst.get("/api/learning/dashboard");
      expect(response.statusCode, response.body).toBe(200);
      const dashboard = response.json() as Dashboard;
      const month = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 7);
      const point = dashboard.months.find((m) => m.month === month);
      expect(point).toMatchObject({ reviewsPublished: 1, entryIds: [entryId], followUpsDone: 0 });
      expect(dashboard.followUpsTracked).toBe(true);
      expect(dashboard.teams.find((t) => t.team === "identity" && t.month === month)).toMatchObject({ reviewsPublished: 1 });
      // Nobody outside the authors read it in 14 days, and nobody asked or marked anything.
      expect(dashboard.flags.filter((x) => x.entryId === entryId && x.meetingId === null).map((x) => x.kind).sort()).toEqual(["no_questions_or_ahas", "unread"]);
      const dominated = dashboard.flags.find((x) => x.kind === "dominated_meeting");
      expect(dominated?.link).toBe(`/incidents/${f.world.incidents.published}/meetings/${meetingId}`);
      expect(dominated?.message).toMatch(/Conor Healy spoke \d+% of the \d+ words \(flagged above 70%\)/);
      expect(dashboard.privacy).toContain("fewer than 3");
    });

    it("clears flags as people read and ask, and follows thresholds set by admins", async () => {
      await recordReadBeacon(f.store, readers[1] as number, [{ entryId, visitId: "visit-dash-1", visibleMs: 60_000, sectionsReached: ["summary"] }]);
      // The read was recorded now, 20 days after publishing: the review still counts as unread within 14 days.
      let dashboard = (await f.callers.admin.get("/api/learning/dashboard")).json() as Dashboard;
      expect(dashboard.flags.some((x) => x.kind === "unread" && x.entryId === entryId)).toBe(true);
      expect((await f.callers.analyst.patch("/api/learning/settings", { unreadDays: 30 })).statusCode).toBe(403);
      const changed = await f.callers.admin.patch("/api/learning/settings", { unreadDays: 30, minMeetingAttendees: 10 });
      expect(changed.json()).toMatchObject({ unreadDays: 30, minMeetingAttendees: 10, maxSpeakerShare: 0.7 });
      expect((await f.callers.admin.patch("/api/learning/settings", { maxSpeakerShare: 7 })).statusCode).toBe(400);
      dashboard = (await f.callers.admin.get("/api/learning/dashboard")).json() as Dashboard;
      // Within 30 days the window is not over yet; the one reader is an engineer, which is flagged.
      expect(dashboard.flags.filter((x) => x.entryId === entryId && x.meetingId === null).map((x) => x.kind)).toEqual(["engineering_only"]);
      expect(dashboard.flags.find((x) => x.kind === "small_meeting")?.message).toContain("flagged below 10");
      expect((await f.callers.analyst.get("/api/learning/settings")).json()).toMatchObject({ unreadDays: 30 });
    });

    it("manages notification rules for admins only and never returns a webhook URL", async () => {
      expect((await f.callers.analyst.get("/api/notification-rules")).statusCode).toBe(403);
      const created = await f.callers.admin.post("/api/notification-rules", { name: "#incidents", channel: "slack", audienceType: "everyone", webhookUrl: "https://hooks.slack.com/services/T0/B0/secret" });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.body).not.toContain("secret");
      const listed = await f.callers.admin.get("/api/notification-rules");
      expect(listed.json()).toEqual({ rules: [expect.objectContaining({ name: "#incidents", webhookHost: "hooks.slack.com" })] });
      expect((await f.callers.admin.post("/api/notification-rules", { name: "x", channel: "slack", audienceType: "everyone" })).json()).toEqual({ error: "webhookUrl: a Slack rule needs the channel's incoming webhook URL" });
      const id = (created.json() as { rule: { id: number } }).rule.id;
      expect((await f.callers.admin.delete(`/api/notification-rules/${id}`)).statusCode).toBe(204);
      expect((await f.callers.admin.delete(`/api/notification-rules/${id}`)).statusCode).toBe(404);
    });
  });
}
