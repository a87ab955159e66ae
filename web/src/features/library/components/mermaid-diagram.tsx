import { useEffect, useId, useRef, useState } from "react";

/**
 * A Mermaid diagram, rendered in the browser. The library is loaded only when a
 * diagram is on the page, and runs with `securityLevel: "strict"` (no HTML labels, no
 * click handlers, no scripts from the text).
 */
export function MermaidDiagram({ source }: { source: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useId().replace(/[^a-zA-Z0-9]/g, "");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const { default: mermaid } = await import("mermaid");
        mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
        const { svg } = await mermaid.render(`diagram${id}`, source);
        if (!cancelled && ref.current) ref.current.innerHTML = svg;
      } catch (e) {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [id, source]);
  if (error) {
    return (
      <figure className="diagram diagram-error">
        <pre>{source}</pre>
        <figcaption>This diagram could not be drawn: {error}</figcaption>
      </figure>
    );
  }
  return <div className="diagram" ref={ref} role="img" aria-label="Diagram" />;
}
