import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

/** web/vite.config.ts, found upwards from here (this file also runs compiled, from dist/). */
function viteConfigFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "web", "vite.config.ts");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("web/vite.config.ts not found above e2e/support");
    dir = parent;
  }
}

/** Builds the web UI (web/vite.config.ts) into `outDir` and returns it. */
export async function buildWebUi(outDir: string): Promise<string> {
  await build({ configFile: viteConfigFile(), logLevel: "warn", build: { outDir, emptyOutDir: true, sourcemap: false } });
  return outDir;
}
