import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * The web UI: built from web/ into dist/web, which `debrief serve` serves beside the API.
 * In development the Vite server proxies /api to a `debrief serve` on port 3000, so the
 * session cookie stays same-origin exactly as in production.
 */
export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: "es2022",
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: process.env.DEBRIEF_API_URL ?? "http://127.0.0.1:3000", changeOrigin: false },
    },
  },
});
