import { draftReviewSections } from "../analysis/review-draft.js";
import { collectReferences, type ReferenceSighting } from "../analysis/review-references.js";
import { peopleBreakdown } from "../analysis/people-breakdown.js";
import type { EvidenceParticipant, ReviewEvidence } from "../core/review-evidence.js";
import type { Db } from "../db/dialect.js";
import { loadBreakdownInput } from "../db/repositories/breakdown.js";
import { listFollowUps } from "../db/repositories/follow-ups.js";
import { findIncident } from "../db/repositories/incidents.js";
import { annotatedEvents, firstIncidentMessage, messageReferenceSightings, servicesWithOwners } from "../db/repositories/review-evidence.js";
import { listReviewReferences, upsertReviewReferences } from "../db/repositories/reviews.js";
import { extractReferences } from "../importers/slack/references.js";

/**
 * Gathers what is known about an incident for its review: paging times, annotated
 * events, the people breakdown, services and owners, and references (collected into
 * the review's reference list first, so pruned ones stay out). Returns undefined for
 * an unknown incident.
 */
export async function loadReviewEvidence(db: Db, incidentId: number, reviewId: number): Promise<ReviewEvidence | undefined> {
  const incident = await findIncident(db, incidentId);
  const input = await loadBreakdownInput(db, incidentId);
  if (!incident || !input) return undefined;
  const breakdown = peopleBreakdown(input);
  const annotated = await annotatedEvents(db, incidentId);

  const sightings: ReferenceSighting[] = (await messageReferenceSightings(db, incidentId)).map((r) => ({ kind: r.kind, key: r.key, url: r.url, evidence: `message:${r.messageId}`, at: r.at }));
  for (const { annotation, event } of annotated) {
    // An annotation's note may name a ticket or a pull request that the message did not.
    for (const ref of extractReferences(annotation.note, [])) sightings.push({ ...ref, evidence: event.ref, at: event.at });
  }
  const pagerdutyIds = new Set(input.pageEvents.map((p) => p.pagerdutyIncidentId));
  for (const id of pagerdutyIds) {
    const first = input.pageEvents.find((p) => p.pagerdutyIncidentId === id);
    if (first) sightings.push({ kind: "pagerduty_incident", key: id, url: null, evidence: `page:${first.id}`, at: first.at });
  }
  await upsertReviewReferences(db, reviewId, collectReferences(sightings), Date.now());
  const references = (await listReviewReferences(db, reviewId)).filter((r) => !r.pruned);

  const participants: EvidenceParticipant[] = breakdown.participants.map((p) => {
    const involvement = p.evidence.involvement ?? p.evidence.firstActivity;
    return {
      name: p.person.name,
      involvement: p.involvement,
      involvedBy: p.involvedBy?.name ?? null,
      involvementRef: `${involvement.source === "page" ? "page" : "message"}:${involvement.id}`,
      onCall: p.onCall,
      onOwningTeam: p.onOwningTeam,
      teamAtTime: p.teamAtTime,
      unknown: p.unknown,
      formerOwner: p.formerOwner ? { team: p.formerOwner.team, leftAt: p.formerOwner.leftAt, ref: null } : null,
      offHours: p.offHours,
      localTime: p.localTime,
      messages: p.messages,
    };
  });
  const summary = breakdown.summary;
  const moment = (m: { at: number; logEntryId: number } | null) => (m ? { at: m.at, ref: `page:${m.logEntryId}` } : null);
  return {
    incident: { id: incident.id, title: incident.title, severity: incident.severity, startedAt: incident.startedAt, detectedAt: incident.detectedAt, resolvedAt: incident.resolvedAt },
    firstMessage: await firstIncidentMessage(db, incidentId),
    firstPage: moment(summary.firstPage),
    firstAcknowledgement: moment(summary.firstAcknowledgement),
    resolution: moment(summary.resolution),
    annotations: annotated.map(({ annotation, event }) => ({ id: annotation.id, tags: annotation.tags, note: annotation.note, quote: annotation.quote, author: annotation.author.name, event })),
    participants,
    services: await servicesWithOwners(db, incidentId, incident.startedAt),
    references: references.map((r) => ({ kind: r.kind, key: r.key, url: r.url, evidence: r.evidence, occurrences: r.occurrences })),
    followUps: (await listFollowUps(db, { incidentId }, new Date().toISOString().slice(0, 10))).map((f) => ({
      title: f.title,
      kind: f.kind,
      status: f.status,
      owner: f.owner?.name ?? null,
      dueDate: f.dueDate,
      trackerUrl: f.trackerUrl,
      eventRef: f.context?.eventKey ?? null,
    })),
  };
}

/** The section generator of the first draft: evidence in, Markdown by section key out. */
export async function generateReviewSections(db: Db, incidentId: number, reviewId: number): Promise<Map<string, string>> {
  const evidence = await loadReviewEvidence(db, incidentId, reviewId);
  return evidence ? draftReviewSections(evidence) : new Map();
}
