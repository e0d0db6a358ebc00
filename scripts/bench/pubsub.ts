// npm run bench:pubsub — sustained messages/s of one topic with two
// subscriptions at maxConcurrency 500, with a no-op handler and with a
// handler that writes one row; messages still queued at the end.
import "../../backend/standalone/register.ts";
import { benchDatabase, record, stopBenchDatabase, table, sleep } from "./harness.ts";

const N = Number(process.env.BENCH_MESSAGES ?? 20_000);

await benchDatabase("pubsub");
const { Topic, Subscription } = await import("encore.dev/pubsub");
const { pubsub } = await import("../../backend/standalone/runtime/pubsub-engine.ts");
const { pool, closePool } = await import("../../backend/standalone/encore/sqldb.ts");

interface Msg { n: number; payload: string }
await pool().query("CREATE TABLE IF NOT EXISTS bench_rows (n int, sub text)");

let noopDone = 0;
let writeDone = 0;
const noopTopic = new Topic<Msg>("bench-noop", { deliveryGuarantee: "at-least-once" });
new Subscription(noopTopic, "bench-noop-a", { handler: async () => { noopDone++; }, maxConcurrency: 500 });
new Subscription(noopTopic, "bench-noop-b", { handler: async () => { noopDone++; }, maxConcurrency: 500 });
const writeTopic = new Topic<Msg>("bench-write", { deliveryGuarantee: "at-least-once" });
const writer = (sub: string) => async (m: Msg) => {
  await pool().query("INSERT INTO bench_rows (n, sub) VALUES ($1, $2)", [m.n, sub]);
  writeDone++;
};
new Subscription(writeTopic, "bench-write-a", { handler: writer("a"), maxConcurrency: 500 });
new Subscription(writeTopic, "bench-write-b", { handler: writer("b"), maxConcurrency: 500 });
await pubsub.start();

async function run(topic: InstanceType<typeof Topic<Msg>>, done: () => number) {
  const payload = "x".repeat(200);
  const started = performance.now();
  // Publishers in flight at once, like a busy outbox relay.
  const CONCURRENT = 1000;
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENT }, async () => {
    while (next < N) await topic.publish({ n: next++, payload });
  }));
  const published = performance.now();
  const deadline = Date.now() + 120_000;
  while (done() < 2 * N && Date.now() < deadline) await sleep(5);
  const finished = performance.now();
  const { rows } = await pool().query("SELECT count(*)::int AS n FROM encore_pubsub_messages WHERE topic = $1", [topic.name]);
  return {
    publishPerSec: N / ((published - started) / 1000),
    deliveredPerSec: done() / ((finished - started) / 1000),
    seconds: (finished - started) / 1000,
    queued: rows[0].n,
  };
}

const noop = await run(noopTopic, () => noopDone);
const write = await run(writeTopic, () => writeDone);
await pubsub.stop();
await record(
  "bench:pubsub — standalone PostgreSQL pub/sub",
  `${N.toLocaleString("en-US")} messages (200-byte payload) published to one topic with two subscriptions (maxConcurrency 500 each), so ${(2 * N).toLocaleString("en-US")} deliveries.\n\n` +
    table(["handler", "publish msg/s", "deliveries/s (both subscriptions)", "wall s", "queued at end"], [
      ["no-op", Math.round(noop.publishPerSec), Math.round(noop.deliveredPerSec), noop.seconds, noop.queued],
      ["one INSERT per message", Math.round(write.publishPerSec), Math.round(write.deliveredPerSec), write.seconds, write.queued],
    ]),
);
await closePool();
await stopBenchDatabase();
process.exit(0);
