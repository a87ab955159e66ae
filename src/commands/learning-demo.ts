import type { Store } from "../db/connection.js";
import { listIncidentSummaries } from "../db/repositories/incident-views.js";
import { monthOf } from "../db/repositories/library.js";
import { Random } from "../demo/random.js";
import { addMeetingMark, scheduleMeeting } from "./review-meetings.js";
import { askQuestion, findLibraryEntry, markAha, recordReadBeacon } from "./library.js";
import { draftReview, publishLatest, readReview, updateReview } from "./review.js";

const DAY = 86_400_000;

const QUESTIONS = [
  "How did the on-call person know where to look first?",
  "Was there an alert we could have trusted earlier?",
  "Who else depends on this service, and did they notice?",
  "What made the rollback feel risky at the time?",
  "Is this the same failure we saw last quarter, or only similar?",
  "Which dashboard did people actually use during the incident?",
];

const AHA_NOTES = ["I thought this was automatic", "Did not know two teams share this", "So that is why the pages came at night", null, null];

/**
 * Dates an incident's published review (its library entry and its published version)
 * as if it had come out at `publishedAt`: the demo's incidents are years old, and a
 * review published today would put all of their reading in one month. Returns the
 * library entry's id, or null when the review is not published.
 */
export async function backdatePublication(store: Store, incidentId: number, publishedAt: number): Promise<number | null> {
  const published = await readReview(store.db, incidentId, { publishedOnly: true });
  const entry = await store.db.selectFrom("libraryEntries").select("id").where("incidentId", "=", incidentId).where("superseded", "=", 0).executeTakeFirst();
  if (!published || !entry) return null;
  await store.db.updateTable("libraryEntries").set({ publishedAt, publishedMonth: monthOf(publishedAt) }).where("id", "=", entry.id).execute();
  await store.db.updateTable("reviewVersions").set({ publishedAt }).where("reviewId", "=", published.review.id).where("number", "=", published.version.number).execute();
  return entry.id;
}

/** What {@link seedLearningDemo} wrote. */
export interface LearningDemoSummary {
  reviews: number;
  readers: number;
  reads: number;
  questions: number;
  ahas: number;
  meetings: number;
}

/**
 * Gives the demo company a learning programme to look at: reviews written and
 * published for some of its incidents (through the review model, as an analyst would),
 * reader accounts for people in the directory (without passwords), and plausible reads,
 * questions, a-ha marks and review meetings — more reading in engineering than
 * elsewhere, some meetings small or dominated by one voice, so the dashboard's flags
 * have something to show. Publication dates follow the incidents. Deterministic for a
 * seed. The `skip` incidents with the most people are left unpublished.
 */
export async function seedLearningDemo(store: Store, options: { seed?: number; reviews?: number; skip?: number; actor: string }): Promise<LearningDemoSummary> {
  const random = new Random(options.seed ?? 7, "learning");
  const summary: LearningDemoSummary = { reviews: 0, readers: 0, reads: 0, questions: 0, ahas: 0, meetings: 0 };
  const analyst = await store.db.selectFrom("users").select(["id", "name"]).where("role", "in", ["analyst", "admin"]).orderBy("id").executeTakeFirst();
  const summaries = (await listIncidentSummaries(store.db)).filter((i) => i.incident.status !== "published").sort((a, b) => b.people - a.people || a.incident.id - b.incident.id);
  const chosen = summaries.map((s) => s.incident).slice(options.skip ?? 3, (options.skip ?? 3) + (options.reviews ?? 12));
  if (chosen.length === 0) return summary;

  // Reader accounts for a sample of the directory: they cannot sign in (no password).
  const people = await store.db.selectFrom("people").select(["id", "name", "email", "department"]).where("email", "is not", null).where("endDate", "is", null).orderBy("id").execute();
  const existing = new Set((await store.db.selectFrom("users").select("email").execute()).map((u) => u.email.toLowerCase()));
  const readers: { userId: number; personId: number; department: string | null }[] = [];
  const now = Date.now();
  for (const person of random.sample(people, Math.min(people.length, 80))) {
    const email = (person.email as string).toLowerCase();
    if (existing.has(email)) continue;
    const row = await store.db
      .insertInto("users")
      .values({ email, name: person.name, passwordHash: null, role: "viewer", personId: person.id, disabled: 0, createdAt: now, updatedAt: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    readers.push({ userId: row.id, personId: person.id, department: person.department });
  }
  summary.readers = readers.length;

  for (const [n, incident] of chosen.entries()) {
    const actor = { userId: analyst?.id ?? null, actor: options.actor };
    const state = await draftReview(store, { incidentId: incident.id, ...actor });
    const message = await store.db
      .selectFrom("messages as m")
      .innerJoin("incidentSources as s", "s.conversationId", "m.conversationId")
      .select(["m.id", "m.text"])
      .where("s.incidentId", "=", incident.id)
      .where("m.subtype", "is", null)
      .orderBy("m.at")
      .offset(2)
      .limit(1)
      .executeTakeFirst();
    const quote = message ? `> \u201c${message.text.replace(/\s+/g, " ").slice(0, 160)}\u201d \u2014 [from the channel](/incidents/${incident.id}/timeline?event=message:${message.id})` : "";
    const markdown: Record<string, string> = {
      summary: `${incident.title}. People from several teams worked together to understand what was happening and to bring the service back.\n\nThe key surprise: the failing part was not the one that paged first.`,
      narrative: `The first signal came from a customer-facing check, not from the service itself.\n\n${quote}\n\nFrom there the responders followed the dependency chain:\n\n\`\`\`mermaid\ngraph LR\n  alert[First alert] --> triage[Triage]\n  triage --> owner[Owning team]\n  owner --> fix[Fix rolled out]\n\`\`\`\n\nA retry setting meant the queue kept growing after the first fix was in.`,
      contributors: "- A retry setting that doubled the load under errors\n- Ownership of the shared component had moved a year earlier\n- The dashboard people reached for first showed averages, which hid the spike",
      went_well: "People who knew the old design joined quickly when asked, and the hand-over between time zones was written down in the channel.",
      takeaways: "The retry setting is a shared default: any team can be surprised by it. Knowing who owns a component today is not the same as knowing who understands it.",
    };
    const sections = state.sections.map((s) => ({ key: s.key, markdown: markdown[s.key] ?? `Notes on ${s.title.toLowerCase()} for this incident.` }));
    const edited = await updateReview(store, { incidentId: incident.id, version: state.version.number, revision: state.version.revision, sections, ...actor });
    if (edited.kind !== "done") continue;
    await publishLatest(store, { incidentId: incident.id, ...actor });
    const published = await readReview(store.db, incident.id);
    const entry = await store.db.selectFrom("libraryEntries").select(["id", "incidentId"]).where("incidentId", "=", incident.id).where("superseded", "=", 0).executeTakeFirst();
    if (!published || !entry) continue;
    summary.reviews += 1;

    // Reviews come out a few days after their incident; the demo dates them so.
    const startedAt = incident.startedAt ?? now - (chosen.length - n) * 20 * DAY;
    const publishedAt = Math.min(now - DAY, startedAt + random.int(2, 9) * DAY);
    await backdatePublication(store, incident.id, publishedAt);
    const stored = await findLibraryEntry(store, entry.id);
    if (!stored) continue;
    const keys = stored.sections.map((s) => s.key);

    // Reading: a few reviews nobody outside the authors opens; the rest read mostly by engineers.
    const appeal = n % 5 === 4 ? 0 : random.float(0.15, 0.6);
    const readBy = readers.filter((r) => random.chance(r.department === "Engineering" ? appeal : appeal / 2.5));
    for (const [i, reader] of readBy.entries()) {
      const reached = keys.slice(0, random.int(1, keys.length));
      await recordReadBeacon(store, reader.userId, [{ entryId: entry.id, visitId: `demo-${entry.id}-${i}-${random.hex(8)}`, visibleMs: random.int(20, 900) * 1000, sectionsReached: reached }]);
      summary.reads += 1;
    }
    const firstReads = Math.max(0, Math.round(random.float(0, 1) ** 2 * 20));
    // Spread first reads over the days after publishing.
    const reads = await store.db.selectFrom("reviewReads").select("id").where("entryId", "=", entry.id).execute();
    for (const [i, read] of reads.entries()) {
      const at = Math.min(now, publishedAt + Math.round((i < firstReads ? random.float(0, 2) : random.float(0, 30)) * DAY));
      await store.db.updateTable("reviewReads").set({ startedAt: at, updatedAt: at }).where("id", "=", read.id).execute();
    }

    if (n % 4 !== 3) {
      for (const reader of random.sample(readBy, Math.min(readBy.length, random.int(0, 3)))) {
        await askQuestion(store, { entry: stored, sectionKey: keys.includes("narrative") ? "narrative" : (keys[0] as string), body: random.pick(QUESTIONS), userId: reader.userId, actor: options.actor });
        summary.questions += 1;
      }
      for (const reader of random.sample(readBy, Math.min(readBy.length, random.int(0, 3)))) {
        const note = random.pick(AHA_NOTES);
        await markAha(store, { entry: stored, sectionKey: keys.includes("takeaways") ? "takeaways" : (keys[0] as string), passage: keys.includes("takeaways") ? "The retry setting is a shared default" : "surprise", note: note ?? undefined, userId: reader.userId, actor: options.actor });
        summary.ahas += 1;
      }
    }

    if (n % 3 !== 2) {
      const size = n % 6 === 1 ? 2 : random.int(3, 12);
      const attendees = random.sample(readers, Math.min(readers.length, size));
      const meetingId = await scheduleMeeting(store, { incidentId: incident.id, title: `Review of ${incident.title}`, scheduledAt: publishedAt - DAY, attendees: attendees.map((a) => ({ userId: a.userId })), createdBy: analyst?.id ?? readers[0]?.userId ?? 0, actor: options.actor });
      const dominated = n % 5 === 0;
      const speakers = attendees.slice(0, Math.max(1, Math.ceil(attendees.length * 0.7)));
      await store.db
        .insertInto("meetingSpeakers")
        .values(speakers.map((s, i) => ({ meetingId, speakerName: `speaker-${s.personId}`, personId: s.personId, words: dominated && i === 0 ? random.int(4000, 6000) : random.int(150, 900) })))
        .execute();
      await store.db.updateTable("reviewMeetings").set({ transcriptName: "review-call.vtt" }).where("id", "=", meetingId).execute();
      await addMeetingMark(store, { meetingId, kind: "aha", text: "The shared retry default surprised most of the room", userId: analyst?.id ?? 0, actor: options.actor });
      await addMeetingMark(store, { meetingId, kind: "follow_up", text: "Write down who understands the shared component today", userId: analyst?.id ?? 0, actor: options.actor });
      summary.meetings += 1;
    }
  }
  return summary;
}
