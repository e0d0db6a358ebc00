// npm run cluster — several app processes on one database (and Redis when
// REDIS_URL is set) sharing one port, PORT (4000), under node:cluster:
//   CLUSTER_PROCESSES=3                         three processes, every service in each
//   CLUSTER_SERVICES="auth,finance,web reports,events,ops"
//                                               one process per group (services deployed apart)
// The primary runs no app code: it starts the embedded PostgreSQL when
// DATABASE_URL is unset, forks the workers and starts again one that exits
// (after a second). The workers accept connections on PORT themselves, so
// each sees the client's own address.
// Each worker also listens on its own loopback port (INTERNAL_PORT: PORT+1,
// PORT+2, ...), where the others reach it by SERVICE_URLS with calls signed
// by SERVICE_AUTH_KEY (one is generated when unset); a worker passes on a
// request for a service it does not host. See docs/operations.md.
import cluster, { type Worker } from "node:cluster";
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../backend/standalone/runtime/embedded-postgres.ts";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const PORT = Number(process.env.PORT ?? 4000);
const groups: (string | null)[] = process.env.CLUSTER_SERVICES
  ? process.env.CLUSTER_SERVICES.trim().split(/\s+/)
  : Array.from({ length: Number(process.env.CLUSTER_PROCESSES ?? 2) }, () => null);
if (!Number.isInteger(PORT) || groups.length === 0 || groups.some((g) => g === "")) {
  throw new Error("PORT must be a port number, CLUSTER_PROCESSES at least 1 and CLUSTER_SERVICES a space-separated list of comma-separated groups");
}

const log = (message: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(JSON.stringify({ level: "info", time: new Date().toISOString(), message, ...fields }) + "\n");

let embedded: EmbeddedDatabase | null = null;
if (!process.env.DATABASE_URL) {
  embedded = await startEmbeddedPostgres({ dataDir: resolve(ROOT, ".data/postgres"), port: Number(process.env.EMBEDDED_PG_PORT ?? 5488), database: "hospitality" });
  process.env.DATABASE_URL = embedded.url;
}

const internalPorts = groups.map((_, i) => PORT + 1 + i);
const urls = internalPorts.map((p) => `http://127.0.0.1:${p}`);
// Where each service is: the first process whose group names it (a split must host every service somewhere; the processes refuse to start otherwise).
const serviceUrls = new Map<string, string>();
groups.forEach((g, i) => g?.split(",").forEach((s) => { if (!serviceUrls.has(s)) serviceUrls.set(s, urls[i]); }));
const authKey = process.env.SERVICE_AUTH_KEY || randomBytes(32).toString("hex");

// The workers accept from the shared socket themselves (SCHED_NONE), not
// through the primary's round-robin hand-off (Node's default on Linux): a
// connection the primary hands to a worker in the instant it dies is lost
// until the client gives up (seen here: 40 s), while with SCHED_NONE a dead
// worker simply stops accepting and the others take its share. The price is
// a less even spread of connections; see docs/operations.md.
cluster.schedulingPolicy = cluster.SCHED_NONE;
cluster.setupPrimary({ exec: resolve(ROOT, "backend/standalone/main.ts"), execArgv: ["--import", "tsx"], cwd: ROOT });

const workers: (Worker | null)[] = groups.map(() => null);
let stopping = false;

function start(i: number) {
  const env: Record<string, string> = {
    PORT: String(PORT),
    INTERNAL_PORT: String(internalPorts[i]),
    SERVICE_AUTH_KEY: authKey,
    INSTANCE_ID: process.env.INSTANCE_ID_PREFIX ? `${process.env.INSTANCE_ID_PREFIX}-${i + 1}` : `cluster-${i + 1}`,
  };
  if (groups[i]) {
    env.SERVICES = groups[i]!;
    env.SERVICE_URLS = [...serviceUrls].filter(([, u]) => u !== urls[i]).map(([s, u]) => `${s}=${u}`).join(",");
  }
  const worker = cluster.fork(env);
  workers[i] = worker;
  worker.once("exit", (code, signal) => {
    workers[i] = null;
    if (stopping) return;
    log("process exited; starting it again in 1 s", { process: i + 1, code, signal });
    setTimeout(() => start(i), 1_000).unref();
  });
}
groups.forEach((_, i) => start(i));
log("cluster starting", { url: `http://localhost:${PORT}`, processes: groups.map((g, i) => ({ internal: urls[i], services: g ?? "all" })) });

async function shutdown() {
  if (stopping) return;
  stopping = true;
  // SIGTERM lets each worker drain (main.ts); cluster's worker.kill() would only disconnect.
  await Promise.all(workers.map((w) => w && new Promise((r) => { w.once("exit", r); w.process.kill("SIGTERM"); })));
  await embedded?.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
