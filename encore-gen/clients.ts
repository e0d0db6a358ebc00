// Stand-in for the CLI-generated `~encore/clients` (encore.gen/clients): one namespace per service
// holding its endpoints. On the standalone host a call is an in-process
// function call in the caller's request context (so getAuthData() carries
// over); it skips the HTTP hop, as Encore's own test mode does. The CLI
// regenerates the real thing into encore.gen/ from the endpoints it finds.
export * as auth from "./clients/auth.ts";
export * as finance from "./clients/finance.ts";
export * as reports from "./clients/reports.ts";
export * as events from "./clients/events.ts";
export * as ops from "./clients/ops.ts";
