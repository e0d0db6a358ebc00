// Pruning of bookkeeping tables that would otherwise grow forever.
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { pruneProcessed, pruneProcessedEvents, pruneProcessedJob } from "./housekeeping.ts";
import { pruneIdempotency, pruneIdempotencyJob, pruneIdempotencyKeys } from "../finance/housekeeping.ts";
import { newId } from "../shared/ids.ts";

const db = SQLDatabase.named("hospitality");

describe("housekeeping", () => {
  it("drops processed event ids older than the redelivery window and keeps recent ones", async () => {
    const old = randomUUID();
    const recent = randomUUID();
    await db.exec`INSERT INTO processed_events (subscription, event_id, processed_at) VALUES ('s', ${old}, now() - interval '9 days'), ('s', ${recent}, now() - interval '1 day')`;
    expect(await pruneProcessedEvents()).toBe(1);
    const left = await db.queryAll<{ id: string }>`SELECT event_id::text AS id FROM processed_events WHERE subscription = 's'`;
    expect(left.map((r) => r.id)).toEqual([recent]);
  });

  it("drops idempotency keys older than a week", async () => {
    await db.exec`INSERT INTO organizations (id, name) VALUES (${newId()}, 'keys')`;
    await db.exec`INSERT INTO idempotency_keys (org_id, key, request_hash, response, created_at)
                  SELECT id, k, '\\x00'::bytea, '{}'::jsonb, now() - make_interval(days => d)
                    FROM organizations, (VALUES ('old', 8), ('new', 1)) v(k, d) WHERE name = 'keys'`;
    expect(await pruneIdempotencyKeys()).toBe(1);
    const left = await db.queryAll<{ key: string }>`SELECT key FROM idempotency_keys`;
    expect(left.map((r) => r.key)).toEqual(["new"]);
  });

  it("runs hourly as cron jobs whose endpoints do the pruning", async () => {
    expect(pruneProcessedJob.cfg).toMatchObject({ every: "1h", endpoint: pruneProcessed });
    expect(pruneIdempotencyJob.cfg).toMatchObject({ every: "1h", endpoint: pruneIdempotency });
    await db.exec`INSERT INTO processed_events (subscription, event_id, processed_at) VALUES ('cron', ${randomUUID()}, now() - interval '30 days')`;
    expect(await pruneProcessed()).toEqual({ deleted: 1 });
    expect(await pruneIdempotency()).toEqual({ deleted: 0 });
  });
});
