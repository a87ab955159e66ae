import { apiFetch } from "../../../api/client";
import { ImportJobList, ImportJobResponse } from "../../../../../src/core/imports.js";
import type { ImportJob, ImportKind } from "../../../api/types";

/** `GET /api/imports`: recent import jobs, newest first. */
export async function fetchImports(signal?: AbortSignal): Promise<ImportJob[]> {
  const body = await apiFetch("/imports", { schema: ImportJobList, signal });
  return body.jobs;
}

/** What {@link startImport} uploads. */
export interface ImportUpload {
  kind: ImportKind;
  file: File;
  /** For `people`: the team history CSV. */
  teams?: File | null;
  /** For `transcript`: the incident it belongs to. */
  incidentId?: number | null;
}

/** `POST /api/imports` (multipart): queues an import and answers its job. */
export async function startImport(upload: ImportUpload): Promise<ImportJob> {
  const form = new FormData();
  form.append("kind", upload.kind);
  if (upload.incidentId) form.append("incidentId", String(upload.incidentId));
  // Fields before files, so the server knows what it is receiving when the file streams in.
  form.append("file", upload.file, upload.file.name);
  if (upload.teams) form.append("teams", upload.teams, upload.teams.name);
  const body = await apiFetch("/imports", { schema: ImportJobResponse, method: "POST", body: form });
  return body.job;
}

/** `GET /api/imports/:id`: one job and how far it got. */
export async function fetchImport(id: number, signal?: AbortSignal): Promise<ImportJob> {
  const body = await apiFetch(`/imports/${id}`, { schema: ImportJobResponse, signal });
  return body.job;
}
