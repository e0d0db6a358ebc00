import { defineConfig } from "vitest/config";
import { encoreAliases } from "./backend/standalone/aliases.ts";

export default defineConfig({
  resolve: {
    alias: Object.entries(encoreAliases).map(([find, replacement]) => ({ find: new RegExp(`^${find.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`), replacement })),
  },
  test: {
    include: ["backend/**/*.test.ts", "scripts/**/*.test.ts", "frontend/src/**/*.test.{ts,tsx}", "e2e/**/*.test.ts"],
    globalSetup: ["backend/standalone/testing/global-setup.ts"],
    setupFiles: ["backend/standalone/testing/per-file-database.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { LOG_LEVEL: "error", DB_POOL_MIN: "0", NODE_ENV: "test", SEED_DEMO: "false" },
  },
});
