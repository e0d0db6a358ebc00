// What the app declared at import time: endpoints, the auth handler, topics,
// subscriptions and databases. The Encore parser finds these statically; the
// standalone host collects them as the service modules load.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface EndpointOptions {
  method?: string | string[];
  path?: string;
  expose?: boolean;
  auth?: boolean;
  bodyLimit?: number | null;
}

/**
 * `dir` is the directory of the file that declared the endpoint: which
 * service's middlewares wrap it. `name` is its export name, learnt when the
 * host loads the file (Encore's parser reads it from the source), by the
 * identity of `exported`, what api() returned.
 */
type Named = { dir?: string; name?: string; exported?: unknown };
export type Endpoint = Named & (
  | { kind: "typed"; options: EndpointOptions; handler: (params: any) => Promise<unknown> | unknown; headerFields: Map<string, string> }
  | { kind: "raw"; options: EndpointOptions; handler: (req: IncomingMessage, res: ServerResponse) => unknown }
  | { kind: "static"; options: EndpointOptions & { dir: string; notFound?: string; notFoundStatus?: number; headers?: Record<string, string> } });

/** A service: its directory (where its encore.service.ts is) and its middlewares. */
export interface ServiceEntry { name: string; dir: string; middlewares: unknown[] }

export interface AuthHandlerEntry {
  handler: (params: any) => Promise<Record<string, unknown> | null>;
  headerFields: Map<string, string>;
}

/** A declared `CronJob`: Encore calls its endpoint on the schedule, once per slot across all instances. */
export interface CronJobEntry { name: string; title?: string; everyMs: number; endpoint: (...args: never[]) => unknown }

/** Names the endpoints a loaded module exports. */
export function nameEndpoints(exports: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(exports)) {
    for (const e of registry.endpoints) {
      if (e.name === undefined && e.exported === value) e.name = name;
    }
  }
}

export const registry = {
  endpoints: [] as Endpoint[],
  cronJobs: [] as CronJobEntry[],
  authHandler: null as AuthHandlerEntry | null,
  services: [] as ServiceEntry[],
};
