import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "playwright-core";

/**
 * Where a browser test saves its screenshots: docs/screenshots/ for the README when
 * DEBRIEF_SCREENSHOTS is set (`npm run screenshots`), otherwise a temporary folder that
 * {@link ScreenshotFolder.dispose} removes, so every run still takes them.
 */
export interface ScreenshotFolder {
  readonly dir: string;
  /** Saves the page (or one element of it) as `<name>.png`. */
  save(target: Page | Locator, name: string): Promise<void>;
  dispose(): void;
}

export function screenshotFolder(prefix: string): ScreenshotFolder {
  const keep = Boolean(process.env.DEBRIEF_SCREENSHOTS);
  const dir = keep ? fileURLToPath(new URL("../../docs/screenshots/", import.meta.url)) : mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    async save(target, name) {
      mkdirSync(dir, { recursive: true });
      await target.screenshot({ path: join(dir, `${name}.png`) });
    },
    dispose() {
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
