// Health of the running service: the database answers, migrations are
// applied, and pub/sub delivers (a heartbeat round trip).
import { db } from "../../database.ts";
import { pubsubRoundTrip } from "./heartbeat.ts";
import { dbFailureReason } from "../shared/db-errors.ts";

export type Status = "ok" | "degraded" | "down";

export interface HealthReport {
  status: Status;
  /** `error` says what is wrong ("refusing connections", "connection timed out", …), never an address: /health is public. */
  database: { status: Status; latencyMs: number | null; migrationVersion: number | null; error?: string };
  pubsub: { status: Status; roundTripMs: number | null };
  checkedAt: string;
}

const PUBSUB_TIMEOUT_MS = 3000;
// Load balancers poll health often; one check every few seconds is enough.
const CACHE_MS = 2000;
let cached: { at: number; report: Promise<HealthReport> } | null = null;

export function checkHealth(): Promise<HealthReport> {
  const now = Date.now();
  if (!cached || now - cached.at > CACHE_MS) cached = { at: now, report: runChecks() };
  return cached.report;
}

async function runChecks(): Promise<HealthReport> {
  const [database, roundTripMs] = await Promise.all([checkDatabase(), pubsubRoundTrip(PUBSUB_TIMEOUT_MS).catch(() => null)]);
  const pubsub = { status: (roundTripMs === null ? "down" : "ok") as Status, roundTripMs };
  const status: Status = database.status === "down" ? "down" : pubsub.status === "ok" ? "ok" : "degraded";
  return { status, database, pubsub, checkedAt: new Date().toISOString() };
}

async function checkDatabase(): Promise<HealthReport["database"]> {
  const started = performance.now();
  try {
    const row = await db.queryRow<{ version: number }>`SELECT version FROM schema_migrations LIMIT 1`;
    return { status: "ok", latencyMs: Math.round(performance.now() - started), migrationVersion: row ? Number(row.version) : null };
  } catch (err) {
    return { status: "down", latencyMs: null, migrationVersion: null, error: dbFailureReason(err) };
  }
}
