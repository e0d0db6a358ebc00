// npm run cluster — several app processes on one database (and Redis when
// REDIS_URL is set) behind one port, PORT (4000):
//   CLUSTER_PROCESSES=3                         three processes, every service in each
//   CLUSTER_SERVICES="auth,finance,web reports,events,ops"
//                                               one process per group (services deployed apart)
// Each process listens on its own loopback port (PORT+1, PORT+2, ...), knows
// the others by SERVICE_URLS and signs calls with SERVICE_AUTH_KEY (one is
// generated when unset); the front port spreads connections round-robin and
// any process passes on a request for a service it does not host. A process
// that exits is started again after a second. With DATABASE_URL unset one
// embedded PostgreSQL (under .data/) serves them all. See docs/operations.md.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../backend/standalone/runtime/embedded-postgres.ts";
import { callMeta, sign } from "../backend/standalone/runtime/svcauth.ts";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const PORT = Number(process.env.PORT ?? 4000);
const groups: (string | null)[] = process.env.CLUSTER_SERVICES
  ? process.env.CLUSTER_SERVICES.trim().split(/\s+/)
  : Array.from({ length: Number(process.env.CLUSTER_PROCESSES ?? 2) }, () => null);
if (groups.length === 0 || groups.some((g) => g === "")) throw new Error("CLUSTER_PROCESSES must be at least 1 and CLUSTER_SERVICES a space-separated list of comma-separated groups");

const log = (message: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(JSON.stringify({ level: "info", time: new Date().toISOString(), message, ...fields }) + "\n");

let embedded: EmbeddedDatabase | null = null;
if (!process.env.DATABASE_URL) {
  embedded = await startEmbeddedPostgres({ dataDir: resolve(ROOT, ".data/postgres"), port: Number(process.env.EMBEDDED_PG_PORT ?? 5488), database: "hospitality" });
  process.env.DATABASE_URL = embedded.url;
}

const ports = groups.map((_, i) => PORT + 1 + i);
const urls = ports.map((p) => `http://127.0.0.1:${p}`);
// Where each service is: the first process whose group names it (a split must host every service somewhere; the processes refuse to start otherwise).
const serviceUrls = new Map<string, string>();
groups.forEach((g, i) => g?.split(",").forEach((s) => { if (!serviceUrls.has(s)) serviceUrls.set(s, urls[i]); }));
const env = { ...process.env, SERVICE_AUTH_KEY: process.env.SERVICE_AUTH_KEY || randomBytes(32).toString("hex") };

const children: (ChildProcess | null)[] = groups.map(() => null);
let stopping = false;

function start(i: number) {
  const childEnv: NodeJS.ProcessEnv = { ...env, PORT: String(ports[i]), INSTANCE_ID: process.env.INSTANCE_ID_PREFIX ? `${process.env.INSTANCE_ID_PREFIX}-${i + 1}` : `cluster-${i + 1}` };
  if (groups[i]) {
    childEnv.SERVICES = groups[i]!;
    childEnv.SERVICE_URLS = [...serviceUrls].filter(([, u]) => u !== urls[i]).map(([s, u]) => `${s}=${u}`).join(",");
  }
  const child = spawn(process.execPath, ["--import", "tsx", "backend/standalone/main.ts"], { cwd: ROOT, env: childEnv, stdio: "inherit" });
  children[i] = child;
  child.once("exit", (code, signal) => {
    children[i] = null;
    if (stopping) return;
    log("process exited; starting it again in 1 s", { process: i + 1, code, signal });
    setTimeout(() => start(i), 1_000).unref();
  });
}
groups.forEach((_, i) => start(i));

// The front: each request to the next process in turn; one that refuses the
// connection is skipped. It is the edge: it appends the client's address to
// X-Forwarded-For and signs the request as the app's own, so the process
// reads that address (sign-in throttling is per address), not the front's.
let next = 0;
const agent = new http.Agent({ keepAlive: true });
const front = http.createServer((req, res) => {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(req.headers)) if (!k.startsWith("x-encore-meta-")) headers[k] = v;
  const peer = req.socket.remoteAddress ?? "unknown";
  headers["x-forwarded-for"] = req.headers["x-forwarded-for"] ? `${req.headers["x-forwarded-for"]}, ${peer}` : peer;
  Object.assign(headers, sign(env.SERVICE_AUTH_KEY, callMeta("gateway", "gateway", null)));
  const tryAt = (attempt: number) => {
    const i = next++ % urls.length;
    const out = http.request(urls[i] + (req.url ?? "/"), { method: req.method, headers, agent }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    out.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNREFUSED" && attempt < urls.length && !req.readableDidRead) return tryAt(attempt + 1);
      if (!res.headersSent) res.writeHead(503, { "content-type": "application/json", "retry-after": "1" }).end(JSON.stringify({ code: "unavailable", message: `no app process could take the request: ${err.message}`, details: null }));
      else res.destroy();
    });
    res.once("close", () => out.destroy());
    req.pipe(out);
  };
  tryAt(1);
});
front.listen(PORT, () => log("cluster listening", { url: `http://localhost:${PORT}`, processes: groups.map((g, i) => ({ url: urls[i], services: g ?? "all" })) }));

async function shutdown() {
  if (stopping) return;
  stopping = true;
  front.close();
  await Promise.all(children.map((c) => c && new Promise((r) => { c.once("exit", r); c.kill("SIGTERM"); })));
  await embedded?.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
