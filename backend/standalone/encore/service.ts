// Standalone `encore.dev/service`: a service and its middlewares, which the
// host runs around every endpoint declared in the service's directory.
import { registry } from "../runtime/registry.ts";
import { callerDir } from "../runtime/header-fields.ts";
import type { Middleware } from "../runtime/middleware.ts";

export interface ServiceConfig {
  middlewares?: Middleware[];
}
export class Service {
  constructor(readonly name: string, readonly cfg?: ServiceConfig) {
    const dir = callerDir();
    if (dir) registry.services.push({ name, dir, middlewares: cfg?.middlewares ?? [] });
  }
}
