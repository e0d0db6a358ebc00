// Which of a service's files Encore's generated entrypoint imports: those
// that declare an endpoint, a subscription, the service itself, a metric, a
// cron job or the auth handler/gateway. Nothing else runs unless one of
// those imports it, so the host loads exactly these and a module that only
// the host would have loaded shows up as missing behaviour in tests, as it
// would under `encore run`.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** encore.dev modules and the names whose construction or call declares something Encore loads. */
const DECLARING: Record<string, { construct?: string[]; call?: string[] }> = {
  "encore.dev/api": { construct: ["Gateway"], call: ["api"] },
  "encore.dev/auth": { call: ["authHandler"] },
  "encore.dev/service": { construct: ["Service"] },
  "encore.dev/pubsub": { construct: ["Subscription"] },
  "encore.dev/cron": { construct: ["CronJob"] },
  "encore.dev/metrics": { construct: ["Counter", "CounterGroup", "Gauge", "GaugeGroup"] },
};

const stripComments = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/(^|[^:"'`\\])\/\/[^\n]*/g, "$1");

/** Whether a module's source declares something that makes Encore import it. */
export function declaresEncoreResource(source: string): boolean {
  const src = stripComments(source);
  const constructs = new Set<string>();
  const calls = new Set<string>();
  for (const m of src.matchAll(/import\s*(?:type\s+)?\{([^}]*)\}\s*from\s*["']([^"']+)["']/g)) {
    const decl = DECLARING[m[2]];
    if (!decl || /^\s*type\s/.test(m[0].slice(6))) continue;
    for (const part of m[1].split(",")) {
      const [imported, local = imported] = part.replace(/^\s*type\s+/, "").split(/\s+as\s+/).map((s) => s.trim());
      if (part.trim().startsWith("type ")) continue;
      if (decl.construct?.includes(imported)) constructs.add(local);
      if (decl.call?.includes(imported)) calls.add(local);
    }
  }
  for (const name of constructs) if (new RegExp(`\\bnew\\s+${name}\\s*[<(]`).test(src)) return true;
  for (const name of calls) if (new RegExp(`(?<![.\\w])${name}\\s*(?:\\.\\s*\\w+\\s*)?(?:<[^;]*?>)?\\s*\\(`).test(src)) return true;
  return false;
}

/** Directories under `root` holding an encore.service.ts, sorted. */
export function serviceDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((name) => join(root, name))
    .filter((dir) => statSync(dir).isDirectory() && existsSync(join(dir, "encore.service.ts")))
    .sort();
}

/** A service's entrypoint files, encore.service.ts first (Encore initialises the service before its endpoints). */
export function entrypointFiles(dir: string): string[] {
  const all = (d: string): string[] => readdirSync(d).sort().flatMap((name) => {
    if (name.startsWith(".") || name === "node_modules" || name === "__tests__") return [];
    const p = join(d, name);
    if (statSync(p).isDirectory()) return all(p);
    return name.endsWith(".ts") && !/\.(test|spec|d)\.ts$/.test(name) ? [p] : [];
  });
  const files = all(dir).filter((f) => f.endsWith("encore.service.ts") || declaresEncoreResource(readFileSync(f, "utf8")));
  return files.sort((a, b) => Number(b.endsWith("encore.service.ts")) - Number(a.endsWith("encore.service.ts")));
}
