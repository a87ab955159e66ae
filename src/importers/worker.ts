import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread running the module at `url`. The built app runs `.js` files
 * directly; when running from TypeScript sources (tests, `tsx`), the worker first
 * registers tsx's loader, since a worker does not inherit the parent's loader hooks.
 */
export function startWorker(url: URL, workerData: unknown): Worker {
  if (!url.pathname.endsWith(".ts")) return new Worker(url, { workerData });
  const api = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const code = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(code, { eval: true, workerData });
}
