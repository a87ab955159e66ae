import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Path of a real sample input under `shared/data/external/` (kept beside the
 * repository, never copied into it). `DEBRIEF_SHARED_DIR` overrides where `shared/` is.
 */
export function externalSample(relative: string): string {
  const shared = process.env.DEBRIEF_SHARED_DIR ?? join(repoRoot, "..", "shared");
  const path = join(shared, "data", "external", relative);
  if (!existsSync(path)) throw new Error(`sample input missing: ${path} (set DEBRIEF_SHARED_DIR to the folder holding data/external)`);
  return path;
}
