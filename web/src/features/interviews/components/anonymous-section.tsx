import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatUtcDateTime } from "../../../lib/format-time";
import { createLink, quoteInput, revokeLink } from "../api/interviews-api";
import { interviewKeys, useInputs, useLinks } from "../queries/use-interviews";

/** Links for anonymous input (the address is shown once), and what arrived through them, quotable anonymously. */
export function AnonymousSection({ incidentId }: { incidentId: number }) {
  const queryClient = useQueryClient();
  const links = useLinks(incidentId);
  const inputs = useInputs(incidentId);
  const [fresh, setFresh] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: interviewKeys.all(incidentId) });

  const open = async () => {
    setError(null);
    try {
      const made = await createLink(incidentId, 14);
      setFresh(`${window.location.origin}${made.path}`);
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section aria-labelledby="anonymous-title">
      <h3 id="anonymous-title">Anonymous input</h3>
      <p className="muted">
        A link anyone who was there can open without signing in to write what made it hard, what surprised them and what others should know. Nothing about who wrote is
        kept.
      </p>
      <button type="button" className="button button-small" onClick={() => void open()}>
        Open a link for two weeks
      </button>
      {fresh && (
        <p className="notice" role="status">
          Hand out this address; it is shown only now: <code data-testid="anonymous-url">{fresh}</code>
        </p>
      )}
      {error && <p className="form-error">{error}</p>}
      <ul>
        {(links.data ?? []).map((l) => (
          <li key={l.id}>
            {l.prefix}… until {formatUtcDateTime(l.expiresAt)}, {l.inputs} answers{" "}
            {l.revokedAt ? (
              <span className="muted">revoked</span>
            ) : (
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={async () => {
                  await revokeLink(l.id);
                  await refresh();
                }}
              >
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
      {(inputs.data ?? []).map((input) => (
        <article key={input.id} className="anonymous-input" data-testid="anonymous-input">
          <p className="muted">Received {input.receivedOn}</p>
          {(
            [
              ["What made it hard", input.madeItHard],
              ["What surprised them", input.surprised],
              ["What others should know", input.othersShouldKnow],
            ] as const
          )
            .filter(([, text]) => text)
            .map(([label, text]) => (
              <div key={label}>
                <h5>{label}</h5>
                <p>{text}</p>
                <button
                  type="button"
                  className="button button-small"
                  onClick={async () => {
                    const selected = window.getSelection()?.toString().trim();
                    await quoteInput(input.id, selected && text.includes(selected) ? selected : text);
                    await refresh();
                  }}
                >
                  Quote anonymously
                </button>
              </div>
            ))}
        </article>
      ))}
    </section>
  );
}
