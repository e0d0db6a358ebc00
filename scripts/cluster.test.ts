// npm run cluster with services deployed apart: two processes behind one
// port on this file's database; every request works whichever process the
// front picks, the front keeps the client's address, and SIGTERM stops all.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
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

describe("npm run cluster (services deployed apart)", () => {
  it("answers every request whichever process takes it", async () => {
    for (let i = 0; i < 6; i++) {
      expect((await front("GET", `/reports/summary`, { token: org.admin.token })).status).toBe(200);
      expect((await front("GET", `/properties`, { token: org.admin.token })).status).toBe(200);
    }
    const status = await front("GET", "/ops/status", { token: org.admin.token });
    expect(status.status).toBe(200);
  });

  it("stops every process on SIGTERM", async () => {
    const exited = new Promise<number | null>((r) => cluster.once("exit", (code) => r(code)));
    cluster.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(await front("GET", "/health").then((r) => r.status, () => "refused")).toBe("refused");
  }, 60_000);
});
