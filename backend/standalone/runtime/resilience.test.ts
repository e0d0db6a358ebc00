// The host survives what a request or the database can do to it: malformed
// request targets are a 400, and a connection the server drops while a
// transaction holds it fails that transaction alone.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "node:net";
import pg from "pg";
import { api } from "encore.dev/api";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import type { RunningHost } from "./host.ts";
import { jsonClient, startTestHost } from "../testing/http-client.ts";

export const ping = api({ expose: true, method: "GET", path: "/test/resilience/ping" }, async (): Promise<{ ok: boolean }> => ({ ok: true }));

const db = SQLDatabase.named("hospitality");
let host: RunningHost;
let call: ReturnType<typeof jsonClient>;
beforeAll(async () => { ({ host, call } = await startTestHost()); });
afterAll(async () => host?.stop());

/** Sends bytes as they are (fetch would normalise the target) and returns the status line. */
function rawRequest(target: string): Promise<string> {
  const { port } = new URL(host.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1", () => socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let data = "";
    socket.on("data", (c) => (data += c));
    socket.on("end", () => resolve(data.split("\r\n")[0]));
    socket.on("error", reject);
  });
}

describe("malformed request targets", () => {
  it.each(["http://[", "http://a:99999/health", "*"])("answers GET %s with 400 and keeps serving", async (target) => {
    expect(await rawRequest(target)).toMatch(/^HTTP\/1\.1 400 /);
    expect((await call("GET", "/test/resilience/ping")).body).toEqual({ ok: true });
  });

  it.each(["//[/health", "/%E0%A4%A", "/assets/%E0%A4%A"])("answers GET %s as a path, below 500, and keeps serving", async (target) => {
    // These are paths ("//[" is an empty segment then "["): the dashboard's fallback may serve them.
    expect(await rawRequest(target)).toMatch(/^HTTP\/1\.1 [234]\d\d /);
    expect((await call("GET", "/test/resilience/ping")).body).toEqual({ ok: true });
  });
});

describe("a database connection lost mid-transaction", () => {
  it("fails the transactions that held it, and the process and pool carry on", async () => {
    const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
    await admin.connect();
    try {
      const dbName = new URL(process.env.DATABASE_URL!).pathname.slice(1);
      const held = await Promise.all([db.begin(), db.begin(), db.acquire()]);
      for (const q of held) await q.exec`SELECT 1`;
      // What a postmaster exit does to each backend, one database at a time.
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
      // The 'error' event reaches the clients asynchronously; give it a moment to arrive (and to crash us, as it did).
      await new Promise((r) => setTimeout(r, 200));
      const [tx1, tx2, conn] = held as [Awaited<ReturnType<typeof db.begin>>, Awaited<ReturnType<typeof db.begin>>, Awaited<ReturnType<typeof db.acquire>>];
      await expect(tx1.exec`SELECT 1`).rejects.toThrow();
      await expect(tx2.commit()).rejects.toThrow();
      await expect(conn.exec`SELECT 1`).rejects.toThrow();
      await tx1.rollback().catch(() => {});
      await conn.close();
      // Fresh connections replace the dead ones.
      expect(await db.queryRow<{ n: number }>`SELECT 1::int AS n`).toEqual({ n: 1 });
      expect((await call("GET", "/test/resilience/ping")).status).toBe(200);
    } finally {
      await admin.end();
    }
  });
});
