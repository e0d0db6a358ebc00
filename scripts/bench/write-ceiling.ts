// bench:write's ceiling, started by write.ts in its own process: a bare
// node:http server that parses each request's JSON body (a revenue create's)
// and does one parametrised INSERT … RETURNING into BENCH_CEILING_TABLE (a
// copy of revenues' columns, checks and indexes) on a pool as large as the
// app's, then answers the row as JSON. What one durable insert per request
// costs on this machine, with nothing else the write path does.
import http from "node:http";
import pg from "pg";

const table = process.env.BENCH_CEILING_TABLE!;
const orgId = process.env.BENCH_CEILING_ORG_ID!;
const userId = process.env.BENCH_CEILING_USER_ID!;
if (!/^[a-z_]+$/.test(table ?? "") || !orgId || !userId) throw new Error("BENCH_CEILING_TABLE, BENCH_CEILING_ORG_ID and BENCH_CEILING_USER_ID are required");

// The app's default pool size (DB_POOL_MAX), so both sides may hold as many connections.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 100) });
pool.on("error", () => { /* a lost idle connection is replaced on the next checkout */ });

// Named, so each connection prepares it once, as the app's statements are. Ids
// go as text and take the column's type, whatever the schema makes them.
const INSERT = {
  name: "bench-ceiling-insert",
  text: `INSERT INTO ${table} (org_id, property_id, amount_cents, payment_mode, bank_reference, description, source, occurred_at, business_date, status, created_by_user_id, approved_by_user_id, approved_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ($8::timestamptz AT TIME ZONE 'Asia/Kolkata')::date, 'approved', $9, $9, now())
         RETURNING *`,
};

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", async () => {
    try {
      const b = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const { rows } = await pool.query({
        ...INSERT,
        values: [orgId, b.propertyId, b.amountCents, b.paymentMode, b.bankReference ?? null, b.description ?? null, b.source, b.occurredAt, userId],
      });
      const body = JSON.stringify(rows[0]);
      res.writeHead(201, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    } catch (err) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: (err as Error).message }));
    }
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1");
process.on("SIGTERM", () => { server.close(); void pool.end().then(() => process.exit(0)); });
