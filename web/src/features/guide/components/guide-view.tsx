import { Link } from "react-router";
import { isApiError } from "../../../api/client";
import type { GuideStep } from "../../../api/types";
import { useIncidentId } from "../../incidents/queries/use-incident-id";
import { useGuide } from "../queries/use-guide";

/** Steps the product cannot do yet (the server says "coming later"). */
function isLater(step: GuideStep): boolean {
  return !step.done && /coming later/i.test(step.detail ?? "");
}

/** A step's link: app paths stay in the app; anything else opens as a plain link. */
function StepLink({ step, primary = false }: { step: GuideStep; primary?: boolean }) {
  if (!step.link || isLater(step)) return null;
  const label = step.done ? "Open" : "Do this step";
  if (step.link.startsWith("/") && !step.link.startsWith("/api/")) {
    return (
      <Link className={primary ? "button button-primary" : "button button-small"} to={step.link}>
        {label} <span className="visually-hidden">: {step.title}</span>
      </Link>
    );
  }
  const external = /^https?:\/\//.test(step.link);
  return (
    <a className="button button-small" href={step.link} {...(external ? { target: "_blank", rel: "noopener noreferrer" } : {})}>
      {label} <span className="visually-hidden">: {step.title}</span>
    </a>
  );
}

/** The analysis checklist: what is done, what is next, and why each step matters. */
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
  const next = steps.find((s) => !s.done && !isLater(s));
  return (
    <div className="tab-body guide-view">
      <div className="guide-head">
        <h2 className="section-title">Analysis checklist</h2>
        <p>
          <strong>
            {done} of {steps.length}
          </strong>{" "}
          steps done{next ? "." : ". Every step the product supports so far is done."}
        </p>
        <progress max={steps.length || 1} value={done} aria-label="Steps done">
          {done} of {steps.length}
        </progress>
        {next && (
          <div className="guide-next">
            <div>
              <h3>Next: {next.title}</h3>
              <p>{next.detail}</p>
            </div>
            <StepLink step={next} primary />
          </div>
        )}
      </div>
      <ol className="guide-steps">
        {steps.map((step) => (
          <li key={step.key} className={step.done ? "guide-step guide-step-done" : step === next ? "guide-step guide-step-next" : "guide-step"}>
            <span className="guide-check" aria-hidden="true">
              {step.done ? "✓" : ""}
            </span>
            <div className="guide-body">
              <h3>
                {step.title} <span className="visually-hidden">{step.done ? "(done)" : "(not done yet)"}</span>
              </h3>
              {step.detail && !isLater(step) && <p className="guide-detail">{step.detail}</p>}
              <p className="guide-explanation">{step.explanation}</p>
            </div>
            <div className="guide-action">
              {isLater(step) ? (
                <span className="guide-later">Coming later</span>
              ) : (
                <span className={step.done ? "status status-published" : "status status-new"}>{step.done ? "Done" : "To do"}</span>
              )}
              <StepLink step={step} />
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
