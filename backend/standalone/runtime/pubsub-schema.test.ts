// The host's queue tables upgrade in place: a database created by an earlier
// version (jsonb bodies, deliveries keyed by id beside a claim index) keeps its
// messages and ends up with today's layout, and running the DDL again changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { PUBSUB_SCHEMA_SQL } from "./pubsub-schema.ts";

const schema = `pubsub_upgrade_${process.pid}`;
let c: pg.Client;

beforeAll(async () => {
  c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.query(`SET search_path = ${schema}`);
  // The layout before bodies became json and deliveries were keyed (subscription, id).
  await c.query(`
    CREATE TABLE encore_pubsub_payloads (message_id uuid PRIMARY KEY, topic text NOT NULL, payload jsonb NOT NULL, published_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE encore_pubsub_messages (
      id bigserial PRIMARY KEY, topic text NOT NULL, subscription text NOT NULL, message_id uuid NOT NULL,
      attempts integer NOT NULL DEFAULT 0, visible_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL, last_error text);
    CREATE INDEX encore_pubsub_messages_claim_idx ON encore_pubsub_messages (subscription, id);
    INSERT INTO encore_pubsub_payloads (message_id, topic, payload) VALUES ('00000000-0000-4000-8000-00000000000a', 't', '{"n": 1, "s": "kept"}');
    INSERT INTO encore_pubsub_messages (topic, subscription, message_id, expires_at) VALUES ('t', 'sub', '00000000-0000-4000-8000-00000000000a', now() + interval '1 day');`);
});

afterAll(async () => {
  await c.query(`DROP SCHEMA ${schema} CASCADE`);
  await c.end();
});

describe("pub/sub tables", () => {
  it("upgrade an earlier layout in place, keeping queued messages, and stay put when applied again", async () => {
    await c.query(PUBSUB_SCHEMA_SQL);
    await c.query(PUBSUB_SCHEMA_SQL);

    const type = await c.query(`SELECT data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'encore_pubsub_payloads' AND column_name = 'payload'`, [schema]);
    expect(type.rows[0].data_type).toBe("json");
    const indexes = await c.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'encore_pubsub_messages' ORDER BY indexname`, [schema]);
    expect(indexes.rows.map((r) => r.indexname)).toEqual(["encore_pubsub_messages_message_idx", "encore_pubsub_messages_pkey"]);
    expect(indexes.rows[1].indexdef).toContain("(subscription, id)");

    const kept = await c.query(`SELECT m.subscription, p.payload FROM encore_pubsub_messages m JOIN encore_pubsub_payloads p USING (message_id)`);
    expect(kept.rows).toEqual([{ subscription: "sub", payload: { n: 1, s: "kept" } }]);
  });
});
