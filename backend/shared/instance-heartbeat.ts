// This process in ops's instance table (backend/ops/instances.ts): each
// service's background.ts announces itself, and one loop per process reports
// the services announced so far, its id and start time, every
// INSTANCE_HEARTBEAT_MS (5 s). Only hosted services load, so the list is
// what this process hosts; the call reaches ops wherever ops is hosted.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { ops } from "~encore/clients";
import { envNumber } from "./env.ts";
import { every } from "./lifecycle.ts";

const INTERVAL_MS = envNumber("INSTANCE_HEARTBEAT_MS", 5_000, { integer: true, min: 1 });

/** INSTANCE_ID when set (the standalone host's own id for this process), else host name, pid and a random suffix. */
export const instanceId = process.env.INSTANCE_ID || `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
const startedAt = new Date().toISOString();
const services = new Set<string>();
let started = false;

function beat() {
  return ops.recordInstanceHeartbeat({ instanceId, services: [...services].sort(), startedAt });
}

export function announceService(name: string): void {
  services.add(name);
  if (started) return;
  started = true;
  // The first beat once every service of the process has announced itself (they load in one go).
  setTimeout(() => void beat().catch(() => { /* the loop logs lasting failures */ }), 0).unref();
  every("instance-heartbeat", INTERVAL_MS, beat);
}
