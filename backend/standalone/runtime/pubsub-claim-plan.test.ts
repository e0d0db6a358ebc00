// A claim must stay on its subscription's slice of the queue key, whatever the
// statistics say. Claims are prepared statements, so after five executions
// PostgreSQL may switch to a generic plan that ignores the parameter values;
// one such plan once hash-joined a sequential scan of the whole queue table.
// This checks the generic plan's shape (never a time) with another
// subscription holding a large backlog, and on the queue's own connections
// (sqldb.ts queuePool) when the plan is made while the tables are nearly empty,
// as every connection's first claim is after a quiet spell or a restart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { PUBSUB_SCHEMA_SQL } from "./pubsub-schema.ts";
import { ACK_SQL, CLAIM_SQL } from "./pubsub-engine.ts";
import { QUEUE_SESSION_OPTIONS } from "../encore/sqldb.ts";

let c: pg.Client;

interface PlanNode { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; "Index Cond"?: string; Plans?: PlanNode[] }
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

beforeAll(async () => {
  c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  await c.query(PUBSUB_SCHEMA_SQL);
  await c.query(`
    INSERT INTO encore_pubsub_payloads (message_id, topic, payload)
      SELECT gen_random_uuid(), 'plan-topic', '{"n": 1}' FROM generate_series(1, 20050);
    INSERT INTO encore_pubsub_messages (topic, subscription, message_id, expires_at)
      SELECT 'plan-topic', CASE WHEN row_number() OVER () <= 20000 THEN 'plan-backlogged' ELSE 'plan-claiming' END, message_id, now() + interval '1 day'
        FROM encore_pubsub_payloads WHERE topic = 'plan-topic';
    ANALYZE encore_pubsub_messages;
    ANALYZE encore_pubsub_payloads;`);
});

afterAll(async () => { await c.end(); });

describe("pub/sub claim plan", () => {
  it("reads only the claiming subscription's deliveries through the (subscription, id) key, even in the generic plan", async () => {
    await c.query(`PREPARE plan_claim(text, integer, double precision, bigint, integer) AS ${CLAIM_SQL}`);
    await c.query(`SET plan_cache_mode = force_generic_plan`);
    const { rows } = await c.query(`EXPLAIN (FORMAT JSON) EXECUTE plan_claim('plan-claiming', 20, 30000, 0, 1)`);
    const plan = nodes(rows[0]["QUERY PLAN"][0].Plan);
    const onQueue = plan.filter((n) => n["Relation Name"] === "encore_pubsub_messages" && n["Node Type"].endsWith("Scan"));
    expect(onQueue.length).toBeGreaterThan(0);
    for (const n of onQueue) {
      expect(n["Node Type"]).toBe("Index Scan");
      expect(n["Index Name"]).toBe("encore_pubsub_messages_pkey");
    }
    // Bodies by their key, once per claimed delivery: never a scan of every body.
    // (The plan that did scan them came from statistics bench:write produced
    // and this setup does not; this checks the shape the lookup guarantees.)
    const onPayloads = plan.filter((n) => n["Relation Name"] === "encore_pubsub_payloads");
    expect(onPayloads.length).toBeGreaterThan(0);
    for (const n of onPayloads) {
      expect(n["Node Type"]).toBe("Index Scan");
      expect(n["Index Cond"]).toContain("message_id");
    }
  });

  describe("planned while the queue is nearly empty", () => {
    // A schema of its own: one delivery and one body, vacuumed and analyzed, so
    // the statistics say one row in one page, as after a quiet spell.
    // The plain connection is set to generic plans by hand; the queue's have them from their options.
    const setup = async (client: pg.Client) => {
      await client.query(`SET search_path = plan_empty`);
      if (client === plain) await client.query(`SET plan_cache_mode = force_generic_plan`);
      await client.query(`PREPARE empty_claim(text, integer, double precision, bigint, integer) AS ${CLAIM_SQL}`);
      await client.query(`PREPARE empty_ack(text, bigint[]) AS ${ACK_SQL}`);
    };
    const scans = async (client: pg.Client) => {
      const claim = nodes((await client.query(`EXPLAIN (FORMAT JSON) EXECUTE empty_claim('plan-claiming', 20, 30000, 0, 1)`)).rows[0]["QUERY PLAN"][0].Plan);
      const ack = nodes((await client.query(`EXPLAIN (FORMAT JSON) EXECUTE empty_ack('plan-claiming', '{1,2}')`)).rows[0]["QUERY PLAN"][0].Plan);
      return [...claim, ...ack].filter((n) => n["Relation Name"]?.startsWith("encore_pubsub_") && n["Node Type"].endsWith("Scan"));
    };
    let plain: pg.Client;
    let queue: pg.Client;

    beforeAll(async () => {
      await c.query(`DROP SCHEMA IF EXISTS plan_empty CASCADE; CREATE SCHEMA plan_empty`);
      await c.query(`SET search_path = plan_empty`);
      await c.query(PUBSUB_SCHEMA_SQL);
      await c.query(`
        INSERT INTO encore_pubsub_payloads (message_id, topic, payload) VALUES (gen_random_uuid(), 'plan-topic', '{"n": 1}');
        INSERT INTO encore_pubsub_messages (topic, subscription, message_id, expires_at)
          SELECT 'plan-topic', 'plan-claiming', message_id, now() + interval '1 day' FROM encore_pubsub_payloads;`);
      // One statement each: VACUUM refuses to run in the implicit transaction of a multi-statement query.
      await c.query(`VACUUM ANALYZE encore_pubsub_messages`);
      await c.query(`VACUUM ANALYZE encore_pubsub_payloads`);
      await c.query(`RESET search_path`);
      plain = new pg.Client({ connectionString: process.env.DATABASE_URL });
      queue = new pg.Client({ connectionString: process.env.DATABASE_URL, options: QUEUE_SESSION_OPTIONS });
      await plain.connect();
      await queue.connect();
      await setup(plain);
      await setup(queue);
    });
    afterAll(async () => {
      await plain?.end();
      await queue?.end();
      await c.query(`DROP SCHEMA plan_empty CASCADE`);
    });

    it("a connection with the planner's defaults plans sequential scans (why the queue has connections of its own)", async () => {
      expect((await scans(plain)).some((n) => n["Node Type"] === "Seq Scan")).toBe(true);
    });

    it("the queue's connections claim, read bodies and ack through the keys, with one plan for every call", async () => {
      expect((await queue.query(`SHOW plan_cache_mode`)).rows[0].plan_cache_mode).toBe("force_generic_plan");
      const found = await scans(queue);
      expect(new Set(found.map((n) => n["Relation Name"]))).toEqual(new Set(["encore_pubsub_messages", "encore_pubsub_payloads"]));
      for (const n of found) expect(n["Node Type"]).toBe("Index Scan");
    });
  });
});
