// Builds the dashboard with Vite only when backend/web/site is missing or older than its sources (always with --force),
// so `npm start` stays fast when nothing changed. Run: node --import tsx frontend/build-if-stale.ts
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const frontendDir = fileURLToPath(new URL(".", import.meta.url));
const configFile = join(frontendDir, "vite.config.ts");
const outDir = join(frontendDir, "..", "backend", "web", "site");
const builtIndex = join(outDir, "index.html");
const force = process.argv.includes("--force");

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
  if (!force && builtMs > 0 && builtMs >= sourcesMs) {
    console.log("frontend: backend/web/site is up to date, build skipped");
    return;
  }
  const started = Date.now();
  // Vite does not empty the folder (it keeps the committed fallback page): drop the previous build's files here.
  for (const entry of readdirSync(outDir)) {
    if (entry !== ".gitignore" && entry !== "spa-fallback.html") rmSync(join(outDir, entry), { recursive: true, force: true });
  }
  await build({ configFile, logLevel: "warn" });
  console.log(`frontend: ${builtMs === 0 ? "no build" : "sources changed"}, built backend/web/site in ${Date.now() - started} ms`);
}

main().catch((err: unknown) => {
  console.error("frontend: build failed", err);
  process.exit(1);
});
