import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's name in its package.json, which marks its root. */
const PACKAGE_NAME = "debrief";

/**
 * The folder of the installed Debrief package: the nearest folder at or above `start`
 * whose package.json is Debrief's. Found from the code's own location, so `debrief
 * serve` finds its web UI whichever folder it is run from (`src/cli` in a checkout,
 * `dist/src/cli` once built, `node_modules/debrief/…` when installed).
 */
export function findPackageRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === PACKAGE_NAME) return dir;
      } catch {
        // Not a readable manifest: keep looking above.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package above ${start}`);
    dir = parent;
  }
}

/** The built web UI: `--web` (relative to the working folder) when given, else the package's `dist/web`. */
export function webRootFor(option: string | undefined, cwd: string = process.cwd()): string {
  if (option !== undefined) return resolve(cwd, option);
  return join(findPackageRoot(), "dist", "web");
}
