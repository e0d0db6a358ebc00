// The backend's own source files (not tests, not the standalone host), for
// the static checks that read them (shared/sql-time.test.ts, shared/validation.test.ts).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const BACKEND = join(import.meta.dirname, "..");

export function sourceFiles(dir = BACKEND): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return e === "standalone" ? [] : sourceFiles(p);
    return e.endsWith(".ts") && !e.endsWith(".test.ts") ? [p] : [];
  });
}
