/*
 * What `debrief export` (documented JSON for other tools) leaves out of the interview
 * tables: everything only an interview's interviewers may read. A backup keeps it all,
 * since a restore must give back the whole store; an export is handed on, so it carries
 * interview planning and consented quotes only.
 */

const WITHHELD = "[withheld: confidential to the interviewers]";
const SHAREABLE = new Set(["anonymous", "attributed"]);

/** The row as an export may carry it (column names as stored, snake_case). */
export function redactForExport(table: string, row: Record<string, unknown>): Record<string, unknown> {
  if (table === "interviews") return { ...row, notes: WITHHELD, prompts: "[]", links: "[]" };
  if (table === "interview_transcripts") return { ...row, cues: "[]" };
  // The search index keeps a copy of the notes for each interviewer to find.
  if (table === "search_documents" && row.kind === "interview") return { ...row, body: WITHHELD };
  if (table === "interview_quotes" && !SHAREABLE.has(String(row.consent))) return { ...row, text: WITHHELD };
  return row;
}
