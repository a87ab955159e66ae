import { useEffect, useId, useRef, useState } from "react";

type MermaidApi = (typeof import("mermaid"))["default"];
let loading: Promise<MermaidApi> | null = null;

/**
 * Mermaid is large, so it is loaded the first time a document holds a diagram, and set
 * up once with the strict security level: no HTML labels, no click handlers, and the
 * diagram text sanitised before it becomes SVG.
 */
function loadMermaid(): Promise<MermaidApi> {
  loading ??= import("mermaid").then((module) => {
    module.default.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
    return module.default;
  });
  return loading;
}

/** A fenced `mermaid` block rendered as SVG; a syntax error is shown as a message with the source. */
export function MermaidDiagram({ code }: { code: string }) {
  const id = `mermaid-${useId().replace(/[^a-zA-Z0-9]/g, "")}`;
  const target = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    loadMermaid()
      .then((mermaid) => mermaid.render(id, code))
      .then(({ svg }) => {
        if (cancelled || !target.current) return;
        // The SVG comes from Mermaid's strict mode, which sanitises the diagram text.
        target.current.innerHTML = svg;
        setError(null);
      })
      .catch((reason: unknown) => {
        if (!cancelled) setError(reason instanceof Error ? reason.message : String(reason));
      });
    return () => {
      cancelled = true;
    };
  }, [code, id]);

  return (
    <figure className="mermaid-diagram" data-testid="mermaid-diagram">
      <div ref={target} role="img" aria-label="Diagram" />
      {error && (
        <figcaption className="form-error">
          The diagram could not be drawn: {error}
          <pre>{code}</pre>
        </figcaption>
      )}
    </figure>
  );
}
