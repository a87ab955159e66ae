import type { ReactNode } from "react";
import { Link } from "react-router";
import type { Participant } from "../../../api/types";
import { formatTheirLocal, formatUtcDateTime } from "../../../lib/format-time";
import { onCallText, owningTeamText, teamText } from "./data-gaps";
import { EvidenceLink, evidenceEventKey } from "./evidence-link";
import { flagsOf, hasFlag, INVOLVEMENT_LABELS, isOutsideRotaAndTeam } from "./people-flags";

/** Where a person's profile shows a piece of directory or PagerDuty evidence. */
function profilePath(personId: number, anchor: string, pages?: readonly number[]): string {
  return `/people/${personId}${pages && pages.length > 0 ? `?pages=${pages.slice(0, 200).join(",")}` : ""}#${anchor}`;
}

/** A figure that comes from the directory or PagerDuty, linked to where the profile shows it. */
function ProfileEvidence({ to, description, children }: { to: string; description: string; children: ReactNode }) {
  return (
    <Link to={to} className="evidence-link" data-testid="profile-evidence">
      {children}
      <span className="visually-hidden"> — {description}</span>
    </Link>
  );
}

function yesNo(value: boolean | null): string {
  if (value === null) return "—";
  return value ? "Yes" : "No";
}

/**
 * Everyone in the incident, how they got involved, and the flags that matter. How they
 * got involved and when they first acted link to the events those come from.
 */
export function PeopleTable({ incidentId, participants }: { incidentId: number; participants: readonly Participant[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table people-table">
        <caption className="visually-hidden">Participants in order of first activity</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">How involved</th>
            <th scope="col">
              First activity <span className="th-sub">their local time</span>
            </th>
            <th scope="col">Team then</th>
            <th scope="col">On call</th>
            <th scope="col">Owning team</th>
            <th scope="col">Former owner</th>
            <th scope="col">Off hours</th>
            <th scope="col" className="num">
              Pages <span className="th-sub">7 days before</span>
            </th>
            <th scope="col" className="num">
              Messages
            </th>
          </tr>
        </thead>
        <tbody>
          {participants.map((p) => {
            const outside = isOutsideRotaAndTeam(p);
            const flags = flagsOf(p);
            const involvement = <span className={`involvement involvement-${p.involvement}`}>{INVOLVEMENT_LABELS[p.involvement]}</span>;
            return (
              <tr key={p.person.id} className={flags.length ? "flagged" : undefined} data-testid="people-row">
                <th scope="row" className="person-cell">
                  <Link to={`/people/${p.person.id}`} className="person-name">
                    {p.person.name}
                  </Link>
                  {flags.length > 0 && (
                    <ul className="flag-list" aria-label="Flags">
                      {flags.map((f) => (
                        <li key={f.key} className={`flag flag-${f.key}`}>
                          {f.label}
                        </li>
                      ))}
                    </ul>
                  )}
                </th>
                <td>
                  {p.evidence.involvement ? (
                    <EvidenceLink incidentId={incidentId} eventKey={evidenceEventKey(p.evidence.involvement)} description={`the event that involved ${p.person.name}, in the timeline`}>
                      {involvement}
                    </EvidenceLink>
                  ) : (
                    involvement
                  )}
                  {p.involvedBy && <span className="by"> by {p.involvedBy.name}</span>}
                </td>
                <td className="nowrap">
                  {p.firstActivityAt ? (
                    <EvidenceLink incidentId={incidentId} eventKey={evidenceEventKey(p.evidence.firstActivity)} description={`${p.person.name}'s first activity, in the timeline`}>
                      <span title={`${formatUtcDateTime(p.firstActivityAt)}`}>
                        {formatTheirLocal(p.localTime)}
                        {p.timezone && <span className="zone">{p.timezone}</span>}
                      </span>
                    </EvidenceLink>
                  ) : (
                    "—"
                  )}
                </td>
                <td>
                  {p.teamAtTime && p.evidence.teamMembershipId !== null ? (
                    <ProfileEvidence to={profilePath(p.person.id, `membership-${p.evidence.teamMembershipId}`)} description={`${p.person.name}'s team membership, in their profile`}>
                      {p.teamAtTime}
                    </ProfileEvidence>
                  ) : (
                    (p.teamAtTime ?? <span className="muted">{teamText(p)}</span>)
                  )}
                </td>
                <td className={outside ? "cell-flag" : undefined}>
                  {p.unknown.onCall ? (
                    <span className="muted">{onCallText(p)}</span>
                  ) : p.evidence.onCallShiftId !== null ? (
                    <ProfileEvidence to={profilePath(p.person.id, `shift-${p.evidence.onCallShiftId}`)} description={`${p.person.name}'s on-call shift, in their profile`}>
                      {onCallText(p)}
                    </ProfileEvidence>
                  ) : (
                    onCallText(p)
                  )}
                  {p.onCallShift && (
                    <span className="sub" title={p.onCallShift.escalationPolicy ?? undefined}>
                      {p.onCallShift.level !== null ? `level ${p.onCallShift.level}` : "on a rota"}
                      {p.onCallShift.escalationPolicy ? `, ${p.onCallShift.escalationPolicy.replace(/ Escalation Policy$/i, "")}` : ""}
                    </span>
                  )}
                </td>
                <td className={outside ? "cell-flag" : undefined} title={p.owningTeams.length ? `Owning: ${p.owningTeams.join(", ")}` : "No owning team known"}>
                  {p.unknown.ownership || p.unknown.team ? <span className="muted">{owningTeamText(p)}</span> : owningTeamText(p)}
                </td>
                <td className={p.formerOwner ? "cell-flag" : undefined}>
                  {p.formerOwner ? (
                    <>
                      {p.evidence.formerOwnerMembershipId !== null ? (
                        <ProfileEvidence to={profilePath(p.person.id, `membership-${p.evidence.formerOwnerMembershipId}`)} description={`${p.person.name}'s time on ${p.formerOwner.team}, in their profile`}>
                          {p.formerOwner.team}
                        </ProfileEvidence>
                      ) : (
                        p.formerOwner.team
                      )}
                      <span className="sub">left {p.formerOwner.yearsSince} y before</span>
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className={p.offHours ? "cell-flag" : undefined}>{yesNo(p.offHours)}</td>
                <td className={hasFlag(p, "busy_week") ? "num cell-flag" : "num"}>
                  {p.evidence.priorPageLogEntryIds.length > 0 ? (
                    <ProfileEvidence to={profilePath(p.person.id, "pages", p.evidence.priorPageLogEntryIds)} description={`the pages that reached ${p.person.name} in the week before, in their profile`}>
                      {p.pagesPrior7d}
                    </ProfileEvidence>
                  ) : (
                    p.pagesPrior7d
                  )}
                </td>
                <td className="num">
                  {p.messages > 0 ? (
                    <Link to={`/incidents/${incidentId}/timeline?person=${p.person.id}`} className="evidence-link" data-testid="messages-evidence">
                      {p.messages}
                      <span className="visually-hidden"> — {p.person.name}'s messages, in the timeline</span>
                    </Link>
                  ) : (
                    p.messages
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
