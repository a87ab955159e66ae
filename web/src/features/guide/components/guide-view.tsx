import { Link } from "react-router";
import { isApiError } from "../../../api/client";
import type { GuideStep } from "../../../api/types";
import { mayEditIncident } from "../../../lib/permissions";
import { useCurrentUser } from "../../auth/queries/use-me";
import { useIncident, useUpdateIncident } from "../../incidents/queries/use-incidents";
import { useIncidentId } from "../../incidents/queries/use-incident-id";
import { useGuide } from "../queries/use-guide";

/**
 * A step's action. `assign_me` assigns the reader on the spot (analysts and admins);
 * every other step opens its link, which lands on the control or event that does it.
 */
function StepAction({ step, primary = false }: { step: GuideStep; primary?: boolean }) {
  const incidentId = useIncidentId();
  const user = useCurrentUser();
  const incident = useIncident(incidentId);
  const update = useUpdateIncident(incidentId);
  const className = primary ? "button button-primary" : "button button-small";
  if (step.action === "assign_me" && !step.done && mayEditIncident(user.role) && incident.data) {
    const analystIds = incident.data.analysts.map((a) => a.id);
    return (
      <>
        <button type="button" className={className} disabled={update.isPending} onClick={() => update.mutate({ analystIds: [...analystIds, user.id] })}>
          Assign me as analyst
        </button>
        {update.isError && (
          <span className="form-error" role="alert">
            {update.error.message}
          </span>
        )}
      </>
    );
  }
  if (!step.link) return null;
  const label = step.done ? "Open" : "Do this step";
  if (step.link.startsWith("/") && !step.link.startsWith("/api/")) {
    return (
      <Link className={className} to={step.link} data-testid="guide-step-action">
        {label} <span className="visually-hidden">: {step.title}</span>
      </Link>
    );
  }
  const external = /^https?:\/\//.test(step.link);
  return (
    <a className={className} href={step.link} {...(external ? { target: "_blank", rel: "noopener noreferrer" } : {})}>
      {label} <span className="visually-hidden">: {step.title}</span>
    </a>
  );
}

/** What done means for a step, each condition met or not: why it counts as done, or what is left. */
function StepChecks({ step }: { step: GuideStep }) {
  return (
    <ul className="guide-checks" aria-label={step.done ? "Done because" : "Done when"}>
      {step.checks.map((check) => (
        <li key={check.label} className={check.met ? "guide-check-met" : "guide-check-open"}>
          <span aria-hidden="true">{check.met ? "✓" : "○"}</span> {check.label}
          <span className="visually-hidden">{check.met ? " (met)" : " (not yet)"}</span>
        </li>
      ))}
    </ul>
  );
}

/** The analysis checklist: what is done and why, what is next, and why each step matters. */
export function GuideView() {
  const incidentId = useIncidentId();
  const guide = useGuide(incidentId);

  if (guide.isPending) {
    return (
      <p className="tab-body muted" role="status">
        Loading the checklist…
      </p>
    );
  }
  if (guide.isError) {
    return (
      <section className="tab-body panel-message">
        <h2>Guide not available</h2>
        <p>{isApiError(guide.error, 403) ? "Your role cannot read the analysis guide." : `It could not be loaded: ${guide.error.message}`}</p>
      </section>
    );
  }
  const steps = guide.data;
  const done = steps.filter((s) => s.done).length;
  const next = steps.find((s) => !s.done);
  return (
    <div className="tab-body guide-view">
      <div className="guide-head">
        <h2 className="section-title">Analysis checklist</h2>
        <p>
          <strong>
            {done} of {steps.length}
          </strong>{" "}
          steps done{next ? "." : ". Every step is done."}
        </p>
        <progress max={steps.length || 1} value={done} aria-label="Steps done">
          {done} of {steps.length}
        </progress>
        {next && (
          <div className="guide-next" data-testid="guide-next">
            <div>
              <h3>Next: {next.title}</h3>
              <p>{next.detail}</p>
            </div>
            <StepAction step={next} primary />
          </div>
        )}
      </div>
      <ol className="guide-steps">
        {steps.map((step) => (
          <li key={step.key} data-step={step.key} className={step.done ? "guide-step guide-step-done" : step === next ? "guide-step guide-step-next" : "guide-step"}>
            <span className="guide-check" aria-hidden="true">
              {step.done ? "✓" : ""}
            </span>
            <div className="guide-body">
              <h3>
                {step.title} <span className="visually-hidden">{step.done ? "(done)" : "(not done yet)"}</span>
              </h3>
              {step.detail && <p className="guide-detail">{step.detail}</p>}
              <StepChecks step={step} />
              <p className="guide-explanation">{step.explanation}</p>
            </div>
            <div className="guide-action">
              <span className={step.done ? "status status-published" : "status status-new"}>{step.done ? "Done" : "To do"}</span>
              <StepAction step={step} />
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
