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

/** `dir` is the directory of the file that declared the endpoint: which service's middlewares wrap it. */
export type Endpoint =
  | { kind: "typed"; options: EndpointOptions; handler: (params: any) => Promise<unknown> | unknown; headerFields: Map<string, string>; dir?: string }
  | { kind: "raw"; options: EndpointOptions; handler: (req: IncomingMessage, res: ServerResponse) => unknown; dir?: string }
  | { kind: "static"; options: EndpointOptions & { dir: string; notFound?: string; notFoundStatus?: number; headers?: Record<string, string> }; dir?: string };

/** A service: its directory (where its encore.service.ts is) and its middlewares. */
export interface ServiceEntry { name: string; dir: string; middlewares: unknown[] }

export interface AuthHandlerEntry {
  handler: (params: any) => Promise<Record<string, unknown> | null>;
  headerFields: Map<string, string>;
}

/** A declared `CronJob`: Encore calls its endpoint on the schedule, once per slot across all instances. */
export interface CronJobEntry { name: string; title?: string; everyMs: number; endpoint: (...args: never[]) => unknown }

export const registry = {
  endpoints: [] as Endpoint[],
  cronJobs: [] as CronJobEntry[],
  authHandler: null as AuthHandlerEntry | null,
  services: [] as ServiceEntry[],
};
