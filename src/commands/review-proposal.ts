import type { Store } from "../db/connection.js";
import { draftReviewSections } from "../analysis/review-draft.js";
import { loadReviewEvidence } from "./review-draft.js";
import { InputError } from "./create-incident.js";
import { readReview, type ReviewActor, type ReviewResult, type ReviewState, updateReview } from "./review.js";

/*
 * An optional language model that proposes the narrative from the same evidence the
 * first draft uses. Off unless configured; it talks to any server with an
 * OpenAI-compatible `POST <url>/chat/completions` (a local model server, for example).
 * Its answer is stored with origin `proposal` until a person edits the section.
 */

/** Where the model is and which one to ask. */
export interface ReviewModelConfig {
  /** Base URL, e.g. `http://127.0.0.1:8080/v1`; `/chat/completions` is appended. */
  url: string;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
}

/** A model that could not be reached or gave no usable answer: the API answers 502. */
export class ReviewModelError extends Error {
  override readonly name = "ReviewModelError";
}

/** Reads the model settings from `DEBRIEF_REVIEW_MODEL_URL` (off when unset), `…_MODEL_NAME`, `…_MODEL_KEY`. */
export function reviewModelFromEnv(env: NodeJS.ProcessEnv): ReviewModelConfig | null {
  const url = env.DEBRIEF_REVIEW_MODEL_URL?.trim();
  if (!url) return null;
  return { url: url.replace(/\/+$/, ""), model: env.DEBRIEF_REVIEW_MODEL_NAME?.trim() || "default", apiKey: env.DEBRIEF_REVIEW_MODEL_KEY?.trim() || null, timeoutMs: 60_000 };
}

const SYSTEM_PROMPT = [
  "You help an incident analyst write the narrative section of a post-incident review.",
  "Tell what happened in time order, as the people involved experienced it: what they saw, what they believed, and why their actions made sense to them then.",
  "Use only the evidence given. Keep every Markdown link from the evidence next to the statement it supports, unchanged.",
  "Do not name a single root cause, do not judge people, and do not say what anyone should have done.",
  "Answer with Markdown paragraphs only, no headings.",
].join(" ");

/** The messages sent to the model: the instructions and the evidence as the first draft wrote it. */
export function proposalMessages(title: string, evidence: Map<string, string>): { role: "system" | "user"; content: string }[] {
  const parts = [`Incident: ${title}`];
  for (const [key, text] of evidence) parts.push(`## ${key}\n${text}`);
  return [
    { role: "system", content: SYSTEM_PROMPT },
    { role: "user", content: parts.join("\n\n") },
  ];
}

/**
 * Asks the model for a narrative and stores it as a proposal in the latest version,
 * if it is still at `version`/`revision` and the narrative is not a person's words.
 * The model is asked outside any transaction, so a slow model never holds the store.
 */
export async function proposeNarrative(
  store: Store,
  config: ReviewModelConfig,
  input: { incidentId: number; version: number; revision: number } & ReviewActor,
): Promise<ReviewResult<ReviewState>> {
  const current = await readReview(store.db, input.incidentId);
  if (!current) return { kind: "missing" };
  if (current.version.number !== input.version || current.version.revision !== input.revision) return { kind: "conflict", current };
  const narrative = current.sections.find((s) => s.key === "narrative");
  if (!narrative) throw new InputError("this review's template has no narrative section");
  if (narrative.origin === "edited") throw new InputError("the narrative holds a person's words; clear it before asking for a proposal");
  const evidence = await store.db.transaction().execute(async (trx) => {
    const loaded = await loadReviewEvidence(trx, input.incidentId, current.review.id);
    return loaded ? { title: loaded.incident.title, sections: draftReviewSections(loaded) } : undefined;
  });
  if (!evidence) return { kind: "missing" };
  const text = await askModel(config, proposalMessages(evidence.title, evidence.sections));
  return updateReview(store, { incidentId: input.incidentId, version: input.version, revision: input.revision, sections: [{ key: "narrative", markdown: text }], origin: "proposal", userId: input.userId, actor: input.actor });
}

async function askModel(config: ReviewModelConfig, messages: { role: string; content: string }[]): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${config.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
      body: JSON.stringify({ model: config.model, messages, temperature: 0.2 }),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error) {
    throw new ReviewModelError(`the review model at ${config.url} could not be reached: ${(error as Error).message}`);
  }
  if (!response.ok) throw new ReviewModelError(`the review model at ${config.url} answered ${response.status}`);
  const body = (await response.json().catch(() => null)) as { choices?: { message?: { content?: unknown } }[] } | null;
  const content = body?.choices?.[0]?.message?.content;
  if (typeof content !== "string" || content.trim() === "") throw new ReviewModelError(`the review model at ${config.url} gave no text`);
  return content.trim();
}
