// Standalone `encore.dev/service`.
export interface ServiceConfig {
  middlewares?: unknown[];
}
export class Service {
  constructor(readonly name: string, readonly cfg?: ServiceConfig) {}
}
