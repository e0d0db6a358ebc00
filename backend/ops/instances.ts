// Every process of the app, whatever services it hosts: each reports itself
// through recordInstanceHeartbeat (backend/shared/instance-heartbeat.ts) and
// /ops/status lists them. The table is ops's; a process silent for an hour
// is pruned as the others write (a literal interval: Encore binds no JS
// value to `interval`).
import { api } from "encore.dev/api";
import { db } from "../../database.ts";


export interface InstanceHeartbeat { instanceId: string; services: string[]; startedAt: string }
export interface InstanceRow { instanceId: string; services: string[]; startedAt: string; lastHeartbeatAt: string; secondsSinceHeartbeat: number }

/** Private: called by every process every few seconds. */
export const recordInstanceHeartbeat = api({ expose: false }, async (p: InstanceHeartbeat): Promise<void> => {
  await db.exec`
    WITH pruned AS (DELETE FROM ops_instances WHERE last_heartbeat_at < now() - interval '1 hour' AND instance <> ${p.instanceId})
    INSERT INTO ops_instances (instance, services, started_at, last_heartbeat_at)
    VALUES (${p.instanceId}, ${p.services}::text[], ${p.startedAt}::timestamptz, now())
    ON CONFLICT (instance) DO UPDATE SET services = EXCLUDED.services, started_at = EXCLUDED.started_at, last_heartbeat_at = now()`;
});

export async function listInstances(): Promise<InstanceRow[]> {
  const rows = await db.queryAll<{ instance: string; services: string[]; started_at: Date; last_heartbeat_at: Date; age: number }>`
    SELECT instance, services, started_at, last_heartbeat_at, extract(epoch FROM now() - last_heartbeat_at)::float8 AS age
      FROM ops_instances ORDER BY instance`;
  return rows.map((r) => ({
    instanceId: r.instance, services: r.services, startedAt: new Date(r.started_at).toISOString(),
    lastHeartbeatAt: new Date(r.last_heartbeat_at).toISOString(), secondsSinceHeartbeat: Math.round(r.age * 10) / 10,
  }));
}
