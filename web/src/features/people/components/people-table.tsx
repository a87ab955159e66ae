import type { Participant } from "../../../api/types";
import { formatTheirLocal, formatUtcDateTime } from "../../../lib/format-time";
import { onCallText, owningTeamText, teamText } from "./data-gaps";
import { EvidenceLink, evidenceEventKey } from "./evidence-link";
import { flagsOf, hasFlag, INVOLVEMENT_LABELS, isOutsideRotaAndTeam } from "./people-flags";

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
                  <span className="person-name">{p.person.name}</span>
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
                <td>{p.teamAtTime ?? <span className="muted">{teamText(p)}</span>}</td>
                <td className={outside ? "cell-flag" : undefined}>
                  {p.unknown.onCall ? <span className="muted">{onCallText(p)}</span> : onCallText(p)}
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
                      {p.formerOwner.team}
                      <span className="sub">left {p.formerOwner.yearsSince} y before</span>
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className={p.offHours ? "cell-flag" : undefined}>{yesNo(p.offHours)}</td>
                <td className={hasFlag(p, "busy_week") ? "num cell-flag" : "num"}>{p.pagesPrior7d}</td>
                <td className="num">{p.messages}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
