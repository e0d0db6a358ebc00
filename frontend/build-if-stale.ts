// Builds the dashboard with Vite only when backend/web/dist is missing or older than its sources,
// so `npm start` stays fast when nothing changed. Run: node --import tsx frontend/build-if-stale.ts
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const frontendDir = fileURLToPath(new URL(".", import.meta.url));
const configFile = join(frontendDir, "vite.config.ts");
const builtIndex = join(frontendDir, "..", "backend", "web", "dist", "index.html");

/** Newest modification time (ms) of a file, or of any file below a folder. */
function newestMtimeMs(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

async function main(): Promise<void> {
  const sourcesMs = Math.max(
    newestMtimeMs(join(frontendDir, "src")),
    newestMtimeMs(join(frontendDir, "index.html")),
    newestMtimeMs(configFile),
  );
  const builtMs = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
  if (builtMs > 0 && builtMs >= sourcesMs) {
    console.log("frontend: dist is up to date, build skipped");
    return;
  }
  const started = Date.now();
  await build({ configFile, logLevel: "warn" });
  console.log(`frontend: ${builtMs === 0 ? "dist missing" : "sources changed"}, built backend/web/dist in ${Date.now() - started} ms`);
}

main().catch((err: unknown) => {
  console.error("frontend: build failed", err);
  process.exit(1);
});
