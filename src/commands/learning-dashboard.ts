import { median, round, speakingBalance } from "../analysis/learning.js";
import { DEFAULT_LEARNING_SETTINGS, type DashboardPoint, type HealthFlag, type LearningDashboard, LearningSettings, READERSHIP_PRIVACY_NOTE } from "../core/learning.js";
import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import { latestPublishedMonth, loadLearningGuideFacts, dashboardEntries, dashboardIncidents, dashboardMeetings, entryFacts, loadSettings, readerReach, saveSettings } from "../db/repositories/learning-dashboard.js";
import { doneFollowUps, overdueFollowUps } from "../db/repositories/learning-follow-ups.js";
import { InputError } from "./create-incident.js";
import { utcDay } from "./follow-ups.js";

const DAY = 86_400_000;
const FLAGS_PER_KIND = 100;

/** The programme-health thresholds: stored values over the defaults. */
export async function learningSettings(store: Store): Promise<LearningSettings> {
  const stored = await loadSettings(store.db);
  const parsed = LearningSettings.safeParse({ ...DEFAULT_LEARNING_SETTINGS, ...stored });
  // A stored value an older version wrote and this one rejects falls back to the defaults.
  return parsed.success ? parsed.data : DEFAULT_LEARNING_SETTINGS;
}

/** Changes thresholds (admins). */
export async function updateLearningSettings(store: Store, changes: Partial<LearningSettings>, actor: string): Promise<LearningSettings> {
  const next = LearningSettings.safeParse({ ...(await learningSettings(store)), ...changes });
  if (!next.success) throw new InputError(`settings: ${next.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  await store.db.transaction().execute(async (trx) => {
    await saveSettings(trx, changes, Date.now());
    await recordAudit(trx, { actor, action: "learning.settings", details: changes });
  });
  return next.data;
}

function monthStart(month: string): number {
  return Date.parse(`${month}-01T00:00:00Z`);
}

function addMonths(month: string, n: number): string {
  const d = new Date(monthStart(month));
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 7);
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 120; m = addMonths(m, 1)) out.push(m);
  return out;
}

function emptyPoint(month: string, team: string | null): DashboardPoint {
  return {
    month,
    team,
    incidents: 0,
    medianHoursToResolve: null,
    reviewsPublished: 0,
    uniqueReaders: 0,
    departmentsReached: 0,
    meetings: 0,
    meetingAttendees: 0,
    meetingDepartments: 0,
    speakers: 0,
    speakingBalance: null,
    questions: 0,
    ahas: 0,
    followUpsDone: 0,
    followUpsLink: null,
    entryIds: [],
  };
}

/**
 * The learning dashboard: per month and per team, the error side (incidents, time to
 * resolve) beside the insight side (reviews published, readers, departments reached,
 * meetings, speakers and balance, questions, a-ha marks), and the programme-health
 * flags with their evidence. Reads are counted per month of the review's publication.
 */
export async function learningDashboard(store: Store, range: { from?: string | undefined; to?: string | undefined }, now = Date.now()): Promise<LearningDashboard> {
  const settings = await learningSettings(store);
  // Without a range: the twelve months up to the latest publication (or up to now, with none).
  const to = range.to ?? (await latestPublishedMonth(store.db)) ?? new Date(now).toISOString().slice(0, 7);
  const from = range.from ?? addMonths(to, -11);
  if (from > to) throw new InputError(`from ${from} is after to ${to}`);
  const months = monthsBetween(from, to);
  const fromAt = monthStart(from);
  const toAt = monthStart(addMonths(to, 1));

  const entries = await dashboardEntries(store.db, from, to);
  const reach = await readerReach(store.db, from, to);
  const facts = await entryFacts(store.db, from, to, settings.unreadDays * DAY, settings.engineeringDepartments);
  const incidents = await dashboardIncidents(store.db, fromAt, toAt);
  const meetings = await dashboardMeetings(store.db, fromAt, toAt);

  const monthPoints = new Map(months.map((m) => [m, emptyPoint(m, null)]));
  const teamPoints = new Map<string, DashboardPoint>();
  const teamPoint = (team: string, month: string) => {
    const key = `${team}\u0000${month}`;
    let p = teamPoints.get(key);
    if (!p) {
      p = emptyPoint(month, team);
      teamPoints.set(key, p);
    }
    return p;
  };
  const entryTeams = new Map<number, string[]>();
  const entryOfIncident = new Map<number, number>();
  for (const entry of entries) {
    entryTeams.set(entry.id, entry.teams);
    entryOfIncident.set(entry.incidentId, entry.id);
    const f = facts.get(entry.id);
    for (const p of [monthPoints.get(entry.month), ...entry.teams.map((t) => teamPoint(t, entry.month))]) {
      if (!p) continue;
      p.reviewsPublished += 1;
      p.entryIds.push(entry.id);
      p.questions += f?.questions ?? 0;
      p.ahas += f?.ahas ?? 0;
    }
  }
  for (const [month, r] of reach.months) {
    const p = monthPoints.get(month);
    if (p) {
      p.uniqueReaders = r.readers;
      p.departmentsReached = r.departments;
    }
  }
  for (const [key, r] of reach.teams) {
    const [team = "", month = ""] = key.split("\u0000");
    const p = teamPoint(team, month);
    p.uniqueReaders = r.readers;
    p.departmentsReached = r.departments;
  }

  const hours = new Map<DashboardPoint, number[]>();
  for (const incident of incidents) {
    const month = new Date(incident.startedAt).toISOString().slice(0, 7);
    for (const p of [monthPoints.get(month), ...incident.teams.map((t) => teamPoint(t, month))]) {
      if (!p) continue;
      p.incidents += 1;
      if (incident.resolvedAt !== null && incident.resolvedAt >= incident.startedAt) hours.set(p, [...(hours.get(p) ?? []), (incident.resolvedAt - incident.startedAt) / 3_600_000]);
    }
  }
  for (const [p, values] of hours) {
    const m = median(values);
    p.medianHoursToResolve = m === null ? null : round(m, 1);
  }

  const flags: HealthFlag[] = [];
  const counts: Record<string, number> = {};
  const flag = (f: HealthFlag) => {
    counts[f.kind] = (counts[f.kind] ?? 0) + 1;
    flags.push(f);
  };

  const meetingAgg = new Map<DashboardPoint, { attendees: Set<string>; departments: Set<string>; speakers: number; words: number[] }>();
  for (const meeting of meetings) {
    const month = new Date(meeting.scheduledAt).toISOString().slice(0, 7);
    const entryId = entryOfIncident.get(meeting.incidentId) ?? null;
    const teams = entryId === null ? [] : (entryTeams.get(entryId) ?? []);
    for (const p of [monthPoints.get(month), ...teams.map((t) => teamPoint(t, month))]) {
      if (!p) continue;
      p.meetings += 1;
      p.questions += meeting.marks.question;
      p.ahas += meeting.marks.aha;
      const agg = meetingAgg.get(p) ?? { attendees: new Set(), departments: new Set(), speakers: 0, words: [] };
      for (const a of meeting.attendees) {
        agg.attendees.add(`${meeting.id}:${a.key}`);
        if (a.department) agg.departments.add(a.department);
      }
      agg.speakers += meeting.speakers.filter((s) => s.words > 0).length;
      agg.words.push(...meeting.speakers.map((s) => s.words));
      meetingAgg.set(p, agg);
      if (entryId !== null && !p.entryIds.includes(entryId)) p.entryIds.push(entryId);
    }
    const link = `/incidents/${meeting.incidentId}/meetings/${meeting.id}`;
    const label = `Review meeting \u201c${meeting.title}\u201d (${new Date(meeting.scheduledAt).toISOString().slice(0, 10)})`;
    if (meeting.attendees.length < settings.minMeetingAttendees) {
      flag({ kind: "small_meeting", message: `${label} had ${meeting.attendees.length} attendee${meeting.attendees.length === 1 ? "" : "s"} (flagged below ${settings.minMeetingAttendees}).`, link, entryId, meetingId: meeting.id });
    }
    const total = meeting.speakers.reduce((a, s) => a + s.words, 0);
    const top = [...meeting.speakers].sort((a, b) => b.words - a.words)[0];
    if (top && total > 0 && top.words / total > settings.maxSpeakerShare) {
      flag({ kind: "dominated_meeting", message: `${label}: ${top.name} spoke ${Math.round((top.words / total) * 100)}% of the ${total} words (flagged above ${Math.round(settings.maxSpeakerShare * 100)}%).`, link, entryId, meetingId: meeting.id });
    }
    const departments = new Set(meeting.attendees.flatMap((a) => (a.department ? [a.department] : [])));
    if (departments.size > 0 && [...departments].every((d) => settings.engineeringDepartments.includes(d))) {
      flag({ kind: "engineering_only", message: `${label}: every attendee in the directory is from ${[...departments].join(", ")}.`, link, entryId, meetingId: meeting.id });
    }
  }
  for (const [p, agg] of meetingAgg) {
    p.meetingAttendees = agg.attendees.size;
    p.meetingDepartments = agg.departments.size;
    p.speakers = agg.speakers;
    p.speakingBalance = speakingBalance(agg.words);
  }

  // Newest first, so the capped list shows what can still be acted on.
  for (const entry of [...entries].reverse()) {
    const f = facts.get(entry.id);
    const link = `/library/${entry.id}`;
    const windowOver = entry.publishedAt + settings.unreadDays * DAY <= now;
    if (windowOver && (f?.earlyOutsideReaders ?? 0) === 0) {
      flag({ kind: "unread", message: `\u201c${entry.title}\u201d: nobody outside its authors read it within ${settings.unreadDays} days of publishing.`, link, entryId: entry.id, meetingId: null });
    }
    if (windowOver && (f?.questions ?? 0) === 0 && (f?.ahas ?? 0) === 0) {
      flag({ kind: "no_questions_or_ahas", message: `\u201c${entry.title}\u201d: no questions and no a-ha marks.`, link, entryId: entry.id, meetingId: null });
    }
    if (f && f.knownDepartments > 0 && f.nonEngineeringDepartments === 0) {
      flag({ kind: "engineering_only", message: `\u201c${entry.title}\u201d: every reader in the directory is from an engineering department.`, link: `${link}#readership`, entryId: entry.id, meetingId: null });
    }
  }

  // Follow-ups done: each in the month of its last change, on its owner's current teams.
  for (const followUp of await doneFollowUps(store.db, fromAt, toAt)) {
    const month = new Date(followUp.updatedAt).toISOString().slice(0, 7);
    const monthPoint = monthPoints.get(month);
    if (monthPoint) {
      monthPoint.followUpsDone = (monthPoint.followUpsDone ?? 0) + 1;
      monthPoint.followUpsLink = "/follow-ups?status=done";
    }
    for (const team of followUp.teams) {
      const p = teamPoint(team.name, month);
      p.followUpsDone = (p.followUpsDone ?? 0) + 1;
      p.followUpsLink = `/follow-ups?status=done&team=${team.id}`;
    }
  }

  // Overdue now, by the owner's team now: what a team can still act on, whatever the range.
  const overdue = new Map<string, { team: string | null; teamId: number | null; overdue: number; link: string }>();
  for (const followUp of await overdueFollowUps(store.db, utcDay(now))) {
    const teams = followUp.teams.length > 0 ? followUp.teams : [null];
    for (const team of teams) {
      const key = team === null ? "" : String(team.id);
      const row = overdue.get(key) ?? { team: team?.name ?? null, teamId: team?.id ?? null, overdue: 0, link: team === null ? "/follow-ups?overdue=true" : `/follow-ups?team=${team.id}&overdue=true` };
      row.overdue += 1;
      overdue.set(key, row);
    }
  }
  const overdueByTeam = [...overdue.values()].sort((a, b) => b.overdue - a.overdue || (a.team ?? "\uffff").localeCompare(b.team ?? "\uffff"));
  for (const row of overdueByTeam) {
    const n = `${row.overdue} follow-up${row.overdue === 1 ? " is" : "s are"} overdue`;
    flag({ kind: "overdue_follow_ups", message: row.team === null ? `${n} with an owner on no team (or no owner).` : `${row.team}: ${n}.`, link: row.link, entryId: null, meetingId: null });
  }

  const perKind = new Map<string, number>();
  const shown = flags.filter((f) => {
    const n = (perKind.get(f.kind) ?? 0) + 1;
    perKind.set(f.kind, n);
    return n <= FLAGS_PER_KIND;
  });
  const teamList = [...teamPoints.values()].filter((p) => p.month >= from && p.month <= to).sort((a, b) => (a.team ?? "").localeCompare(b.team ?? "") || a.month.localeCompare(b.month));
  return { months: [...monthPoints.values()], teams: teamList, flags: shown, flagCounts: counts, followUpsTracked: true, overdueByTeam, settings, privacy: READERSHIP_PRIVACY_NOTE };
}

/** Facts for the guide's last step (meetings, readers, questions, a-ha marks of one incident's review). */
export async function learningGuideFacts(store: Store, incidentId: number): ReturnType<typeof loadLearningGuideFacts> {
  return loadLearningGuideFacts(store.db, incidentId);
}
