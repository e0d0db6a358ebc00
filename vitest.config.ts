import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { encoreAliases } from "./backend/standalone/aliases.ts";

const include = ["backend/**/*.test.ts", "scripts/**/*.test.ts", "frontend/src/**/*.test.{ts,tsx}", "e2e/**/*.test.ts"];

// Under `encore test` Encore's runtime provides encore.dev, the database and
// pub/sub: the host's aliases and per-file databases stay off, and the tests
// that start the standalone host (its own tests, and the HTTP tests that drive
// the app through it via backend/testing/fixtures.ts) are left out.
const underEncore = !!process.env.ENCORE_RUNTIME_LIB;
const needsHost = (file: string) => file.startsWith("backend/standalone/") || /standalone\/|testing\/fixtures/.test(readFileSync(file, "utf8"));
const testFiles = () => ["backend", "scripts", "frontend/src", "e2e"].flatMap((dir) =>
  readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => `${dir}/${f}`).filter((f) => /\.test\.tsx?$/.test(f) && !f.includes("node_modules")));

export default defineConfig({
  resolve: {
    alias: [
      // The dashboard's `@/x` is frontend/src/x, as in frontend/vite.config.ts and tsconfig.json.
      { find: /^@\//, replacement: fileURLToPath(new URL("./frontend/src/", import.meta.url)) },
      ...(underEncore ? [] : Object.entries(encoreAliases).map(([find, replacement]) => ({ find: new RegExp(`^${find.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`), replacement }))),
    ],
  },
  test: {
    include,
    exclude: underEncore ? testFiles().filter(needsHost) : [],
    globalSetup: underEncore ? [] : ["backend/standalone/testing/global-setup.ts"],
    setupFiles: underEncore ? [] : ["backend/standalone/testing/per-file-database.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { LOG_LEVEL: "error", DB_POOL_MIN: "0", NODE_ENV: "test", SEED_DEMO: "false" },
  },
});
