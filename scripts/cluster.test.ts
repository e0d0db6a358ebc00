// npm run cluster with services deployed apart: two node:cluster workers
// sharing one port on this file's database; every request works whichever
// worker takes it, each is reachable on its own internal port, a worker
// killed with SIGKILL is started again, and SIGTERM stops all.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ROOT } from "../backend/standalone/runtime/host.ts";
import { jsonClient } from "../backend/standalone/testing/http-client.ts";
import { createOrg, type Call, type Org } from "../backend/testing/fixtures.ts";

let cluster: ChildProcess;
let front: Call;
let org: Org;
const output: string[] = [];
const PORT = 20_000 + Math.floor(Math.random() * 20_000);

beforeAll(async () => {
  cluster = spawn(process.execPath, ["--import", "tsx", "scripts/cluster.ts"], {
    cwd: APP_ROOT,
    env: { ...process.env, PORT: String(PORT), CLUSTER_SERVICES: "auth,finance,web reports,events,ops", INSTANCE_ID_PREFIX: `ct-${randomBytes(3).toString("hex")}`, JwtSigningKey: randomBytes(32).toString("hex"), LOG_LEVEL: "error", SEED_DEMO: "false", DB_POOL_MIN: "0", DB_POOL_MAX: "10" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const s of [cluster.stdout!, cluster.stderr!]) s.on("data", (c: Buffer) => output.push(c.toString()));
  front = jsonClient(`http://127.0.0.1:${PORT}`);
  const deadline = Date.now() + 90_000;
  // Ready when both processes answer: /health through the front hits them in turn.
  let ok = 0;
  while (ok < 4) {
    if (Date.now() > deadline) throw new Error(`the cluster did not start: ${output.join("")}`);
    const r = await front("GET", "/health").catch(() => null);
    ok = r?.status === 200 ? ok + 1 : 0;
    if (ok < 4) await new Promise((res) => setTimeout(res, 250));
  }
  org = await createOrg(front, { properties: [{ name: "Front", timezone: "UTC" }] });
}, 120_000);

afterAll(async () => {
  if (cluster.exitCode === null) {
    cluster.kill("SIGKILL");
  }
});

function onNewConnection(path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port: PORT, path, agent: false, timeout: 30_000, headers: { authorization: `Bearer ${org.admin.token}` } }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c));
      res.once("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.once("timeout", () => req.destroy(new Error(`GET ${path}: no answer in 30 s; the cluster said: ${output.join("").slice(-3000)}`)));
    req.once("error", reject);
  });
}

describe("npm run cluster (services deployed apart)", () => {
  it("answers every request whichever process takes it", async () => {
    for (let i = 0; i < 6; i++) {
      expect((await front("GET", `/reports/summary`, { token: org.admin.token })).status).toBe(200);
      expect((await front("GET", `/properties`, { token: org.admin.token })).status).toBe(200);
    }
    const status = await front("GET", "/ops/status", { token: org.admin.token });
    expect(status.status).toBe(200);
  });

  it("serves each worker's internal port, which the others call it on", async () => {
    // Worker 1 hosts auth, worker 2 reports: each answers for the other's service by passing it on.
    for (const port of [PORT + 1, PORT + 2]) {
      const direct = jsonClient(`http://127.0.0.1:${port}`);
      expect((await direct("GET", "/reports/summary", { token: org.admin.token })).status).toBe(200);
      expect((await direct("GET", "/properties", { token: org.admin.token })).status).toBe(200);
    }
  });

  it("starts a killed worker again; meanwhile the others carry on and its services answer 503 with Retry-After, not 500", async () => {
    const workers = () => execFileSync("pgrep", ["-P", String(cluster.pid), "-f", "standalone/main.ts"], { encoding: "utf8" }).trim().split("\n").filter(Boolean).map(Number);
    const instanceOf = (pid: number) => /(?:^|\0)INSTANCE_ID=([^\0]*)/.exec(readFileSync(`/proc/${pid}/environ`, "utf8"))?.[1];
    const before = workers();
    expect(before).toHaveLength(2);
    // Worker 2 hosts reports, events and ops.
    const victim = before.find((pid) => instanceOf(pid)?.endsWith("-2"))!;
    expect(victim).toBeDefined();
    process.kill(victim, "SIGKILL");
    // New connections go to the survivor (a keep-alive connection the killed worker held is reset with it).
    expect((await onNewConnection("/properties")).status).toBe(200);
    // Its services: 503 with Retry-After while it is down (or, if the
    // request waits in its internal port's backlog, the answer of the new
    // worker), never a 500 and never another process's fallback page.
    const down = await onNewConnection("/reports/summary");
    expect(down.headers["content-type"]).toContain("application/json");
    expect([200, 503]).toContain(down.status);
    if (down.status === 503) {
      expect(down.headers["retry-after"]).toBeDefined();
      expect(JSON.parse(down.body).code).toBe("unavailable");
    }

    const deadline = Date.now() + 90_000;
    let summary = down.status;
    while (summary !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      summary = (await onNewConnection("/reports/summary")).status;
    }
    expect(summary).toBe(200);
    const after = workers();
    expect(after).toHaveLength(2);
    expect(after).not.toContain(victim);
    for (let i = 0; i < 4; i++) expect((await onNewConnection("/reports/summary")).status).toBe(200);
  }, 120_000);

  it("stops every process on SIGTERM", async () => {
    const exited = new Promise<number | null>((r) => cluster.once("exit", (code) => r(code)));
    cluster.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(await front("GET", "/health").then((r) => r.status, () => "refused")).toBe("refused");
  }, 60_000);
});
