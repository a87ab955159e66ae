import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { findPackageRoot, webRootFor } from "./package-root.js";

const checkout = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

describe("finding the installed package", () => {
  it("walks up from the code to the folder whose package.json is Debrief's", () => {
    const root = mkdtempSync(join(tmpdir(), "debrief-pkg-"));
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "debrief" }));
    const inner = join(root, "dist", "src", "cli");
    mkdirSync(inner, { recursive: true });
    // A package.json of another name on the way (a nested workspace) is passed by.
    writeFileSync(join(root, "dist", "package.json"), JSON.stringify({ name: "something-else" }));
    expect(findPackageRoot(inner)).toBe(root);
    expect(findPackageRoot(dirname(fileURLToPath(import.meta.url)))).toBe(checkout);
  });

  it("reads --web relative to the working folder, and defaults to the package's dist/web", () => {
    expect(webRootFor("ui", "/srv/x")).toBe("/srv/x/ui");
    expect(webRootFor("/opt/ui", "/srv/x")).toBe("/opt/ui");
    expect(webRootFor(undefined, "/somewhere/else")).toBe(join(checkout, "dist", "web"));
  });
});

describe("debrief serve run from another folder", () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill("SIGKILL");
  });

  it("serves the web UI of its own package, not of the working folder", async () => {
    // A copy of the package, as installed: its code, its manifest, its built UI.
    const installed = mkdtempSync(join(tmpdir(), "debrief-installed-"));
    cpSync(join(checkout, "src"), join(installed, "src"), { recursive: true, filter: (path) => !path.endsWith(".test.ts") });
    cpSync(join(checkout, "package.json"), join(installed, "package.json"));
    symlinkSync(realpathSync(join(checkout, "node_modules")), join(installed, "node_modules"));
    mkdirSync(join(installed, "dist", "web"), { recursive: true });
    writeFileSync(join(installed, "dist", "web", "index.html"), "<!doctype html><title>Debrief UI from the package</title>");
    const elsewhere = mkdtempSync(join(tmpdir(), "debrief-elsewhere-"));
    // tsx runs the TypeScript copy; resolved from the package, as the working folder has no node_modules.
    const tsx = pathToFileURL(join(installed, "node_modules", "tsx", "dist", "esm", "index.mjs")).href;
    child = spawn(process.execPath, ["--import", tsx, join(installed, "src", "cli", "bin.ts"), "--db", join(elsewhere, "d.db"), "serve", "--port", "0", "--log-level", "silent"], {
      cwd: elsewhere,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 45_000);
      child?.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /running at (http:\/\/\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child?.stderr?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      child?.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
    });
    expect(output).not.toMatch(/No web UI/);
    const page = await fetch(`${url}/incidents`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Debrief UI from the package");
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });
});
