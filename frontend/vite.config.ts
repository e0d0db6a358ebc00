import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";

/** The dashboard's own folder: Vite's root, wherever the command is run from. */
const frontendRoot = fileURLToPath(new URL(".", import.meta.url));

/** Path prefixes served by the API host; the dev server forwards them so the SPA talks to one origin. */
const API_PREFIXES = ["/auth", "/finance", "/reports", "/events", "/properties", "/users", "/ops", "/health"];
const API_TARGET = process.env.API_TARGET ?? "http://localhost:4000";

export default defineConfig({
  root: frontendRoot,
  plugins: [react(), tailwindcss()],
  // `@/x` is frontend/src/x (tsconfig.json paths say the same for tsc; vitest.config.ts for the unit tests).
  resolve: { alias: [{ find: /^@\//, replacement: fileURLToPath(new URL("./src/", import.meta.url)) }] },
  build: {
    // Inside the web service, which serves it with api.static (Encore resolves `dir` below the service).
    outDir: fileURLToPath(new URL("../backend/web/site", import.meta.url)),
    // Not emptied: the folder keeps its committed .gitignore and fallback page; frontend/build-if-stale.ts clears the old build.
    emptyOutDir: false,
    // No source maps in the served folder: everything in it is public, and maps would publish the source.
    sourcemap: false,
  },
  server: {
    port: 5173,
    // Server-sent events must not be buffered, hence no special options: http-proxy streams by default.
    proxy: Object.fromEntries(API_PREFIXES.map((prefix) => [prefix, { target: API_TARGET, changeOrigin: false }])),
  },
  preview: {
    proxy: Object.fromEntries(API_PREFIXES.map((prefix) => [prefix, { target: API_TARGET, changeOrigin: false }])),
  },
});
