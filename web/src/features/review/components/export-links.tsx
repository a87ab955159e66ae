interface ExportLinksProps {
  incidentId: number;
  /** The version on screen: the one each export writes. */
  version: number;
}

const FORMATS = [
  { format: "pdf", label: "PDF" },
  { format: "html", label: "HTML" },
  { format: "md", label: "Markdown" },
  { format: "json", label: "JSON" },
] as const;

/** Downloads of the version on screen (GET /api/incidents/:id/review/export); the server names the file. */
export function ExportLinks({ incidentId, version }: ExportLinksProps) {
  return (
    <div className="review-export" aria-label="Export">
      <p className="muted">Export version {version}:</p>
      <p>
        {FORMATS.map(({ format, label }, index) => (
          <span key={format}>
            {index > 0 && " · "}
            <a href={`/api/incidents/${incidentId}/review/export?format=${format}&version=${version}`} download>
              {label}
            </a>
          </span>
        ))}
      </p>
    </div>
  );
}
