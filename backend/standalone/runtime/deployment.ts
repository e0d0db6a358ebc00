// Which services this process hosts and where the others are: the standalone
// counterpart of what Encore's runtime reads from its infra config
// (`hosted_services`, `service_discovery.<service>.base_url` and the
// service-to-service `auth` keys). Read from the environment:
//   SERVICES=auth,finance,web            hosted here (unset: every service)
//   SERVICE_URLS=reports=http://10.0.0.2:4000,events=http://10.0.0.2:4000
//   SERVICE_AUTH_KEY=<secret>            signs calls between processes
import { basename } from "node:path";

export interface Deployment {
  /** null: every service of the app is hosted here (the monolith). */
  hosted: Set<string> | null;
  /** Base URL of each service hosted elsewhere. */
  urls: Map<string, string>;
  /** The service-to-service signing key; null when no service is remote. */
  authKey: string | null;
}

let current: Deployment = { hosted: null, urls: new Map(), authKey: null };

export function deployment(): Deployment {
  return current;
}

/** Parses the environment against the app's service directories; a mistake is a start-up error naming it. */
export function configureDeployment(serviceDirs: string[], env: NodeJS.ProcessEnv = process.env): Deployment {
  const known = new Set(serviceDirs.map((d) => basename(d)));
  const list = (env.SERVICES ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (const s of list) if (!known.has(s)) throw new Error(`SERVICES names "${s}", which is not a service of this app (services: ${[...known].join(", ")})`);
  const hosted = list.length > 0 ? new Set(list) : null;
  const urls = new Map<string, string>();
  for (const part of (env.SERVICE_URLS ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq).trim();
    const url = part.slice(eq + 1).trim().replace(/\/+$/, "");
    if (eq <= 0 || !/^https?:\/\/[^/]+/.test(url)) throw new Error(`SERVICE_URLS entry "${part}" is not service=http(s)://host:port`);
    if (!known.has(name)) throw new Error(`SERVICE_URLS names "${name}", which is not a service of this app`);
    if (hosted === null || hosted.has(name)) continue; // a hosted service is always called in process
    urls.set(name, url);
  }
  if (hosted) {
    const missing = [...known].filter((s) => !hosted.has(s) && !urls.has(s));
    if (missing.length > 0) throw new Error(`SERVICES leaves out ${missing.join(", ")} but SERVICE_URLS gives no base URL for ${missing.length > 1 ? "them" : "it"}`);
  }
  const authKey = env.SERVICE_AUTH_KEY?.trim() || null;
  if (urls.size > 0 && !authKey) throw new Error("SERVICE_AUTH_KEY must be set (the same on every process) when some services are hosted elsewhere");
  current = { hosted, urls, authKey };
  return current;
}

export function isHosted(service: string): boolean {
  return current.hosted === null || current.hosted.has(service);
}

/** The services this process hosts, by name, given all of the app's. */
export function hostedNames(all: string[]): string[] {
  return all.filter(isHosted);
}
