// Encore reads `Header<"X-Name">` fields from the request type at compile
// time. The standalone host has no type information at run time, so it reads
// the declaring file's source once: every `field: Header<"Name">` there binds
// that field to that header for the endpoints (and auth handler) of the file.
// Keep header-bound request types in the same file as their endpoint.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname } from "node:path";

const cache = new Map<string, Map<string, string>>();
const HEADER_FIELD = /(\w+)\??\s*:\s*Header<\s*"([^"]+)"\s*>/g;

export function headerFieldsOfCaller(): Map<string, string> {
  const file = callerFile();
  if (!file) return new Map();
  let fields = cache.get(file);
  if (!fields) {
    fields = new Map();
    try {
      const source = readFileSync(file, "utf8");
      for (const m of source.matchAll(HEADER_FIELD)) fields.set(m[1], m[2].toLowerCase());
    } catch {
      // A file we cannot read has no header fields we can know of.
    }
    cache.set(file, fields);
  }
  return fields;
}

export function callerDir(): string | undefined {
  const f = callerFile();
  return f ? dirname(f) : undefined;
}

/** The first stack frame outside the standalone host: the module that called api()/authHandler(). */
function callerFile(): string | undefined {
  const stack = new Error().stack?.split("\n") ?? [];
  for (const line of stack.slice(1)) {
    const m = line.match(/\(?((?:file:\/\/)?\/[^():]+\.ts):\d+:\d+\)?/);
    if (!m) continue;
    const file = m[1].startsWith("file://") ? fileURLToPath(m[1]) : m[1];
    if (!isHostFile(file)) return file;
  }
  return undefined;
}

/** Frames of the host's own modules (not its tests) are skipped when looking for the declaring file. */
export function isHostFile(file: string): boolean {
  return /\/backend\/standalone\/(encore|runtime)\//.test(file) && !file.endsWith(".test.ts");
}
