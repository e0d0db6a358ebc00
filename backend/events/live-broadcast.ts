// Live-stream fan-out across instances: PostgreSQL LISTEN/NOTIFY on the
// hospitality database. Encore subscriptions compete across instances (each
// message reaches ONE instance), so they cannot tell every instance's
// dashboards; the database is the one dependency every instance of either
// runtime already shares (Encore gives its `connectionString`), needs no
// extra infrastructure, and a NOTIFY sent inside a transaction is delivered
// exactly when that transaction commits, in commit order.
//   - finance events: the event store's batch transaction notifies the seq
//     range it inserted; every other instance reads those rows and hands them
//     to its hub (the writing instance hands them over itself, at once);
//   - cash-book notices: the one instance that receives a cash-book-updates
//     message notifies it; every instance, itself included, hands it to its hub.
// Connections de-duplicate by seq (live-hub.ts). A notice missed while a
// listener reconnects is recovered by the client's Last-Event-ID replay,
// since every stream of this instance is ended then so it reconnects.
import { randomUUID } from "node:crypto";
import pg from "pg";
import log from "encore.dev/log";
import { db } from "../../database.ts";
import type { CashBookUpdated } from "../reports/topics.ts";
import { onShutdown } from "../shared/lifecycle.ts";
import { liveHub, type LiveHub } from "./live-hub.ts";

export const LIVE_CHANNEL = "live_stream";
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD_BYTES = 7_500;
const RECONNECT_MS = 1_000;

/** This process, so it skips the finance notices it already delivered itself. */
const origin = randomUUID();

type Tx = { exec(strings: TemplateStringsArray, ...values: unknown[]): Promise<void> };

/** Inside the event store's transaction: the inserted seq range, delivered to other instances at commit. */
export async function notifyFinanceCommitted(tx: Tx, seqs: number[]): Promise<void> {
  if (seqs.length === 0) return;
  const payload = `f ${origin} ${Math.min(...seqs)} ${Math.max(...seqs)}`;
  await tx.exec`SELECT pg_notify(${LIVE_CHANNEL}, ${payload}::text)`;
}

/**
 * Cash-book notices to every instance's streams (this one included), packed
 * into as few NOTIFY payloads as fit and sent in one statement: a fold that
 * touched a thousand properties costs one round trip, not a thousand.
 */
export async function notifyCashbook(updates: CashBookUpdated[]): Promise<void> {
  const payloads: string[] = [];
  let packed: string[] = [];
  let bytes = 0;
  for (const update of updates) {
    let body = JSON.stringify(update);
    // A large batch's event ids do not fit a notice; the dates and property are what dashboards refetch by.
    if (Buffer.byteLength(body) > MAX_PAYLOAD_BYTES) body = JSON.stringify({ ...update, eventIds: [] });
    const size = Buffer.byteLength(body) + 1;
    if (packed.length > 0 && bytes + size > MAX_PAYLOAD_BYTES) {
      payloads.push(`c [${packed.join(",")}]`);
      packed = [];
      bytes = 0;
    }
    packed.push(body);
    bytes += size;
  }
  if (packed.length > 0) payloads.push(`c [${packed.join(",")}]`);
  if (payloads.length === 0) return;
  // unnest yields the array in order, so the notices go out in the order the fold committed them.
  await db.exec`SELECT pg_notify(${LIVE_CHANNEL}, p) FROM unnest(${payloads}::text[]) AS p`;
}

/** One LISTEN connection per process, opened with the first stream and kept while the process runs. */
export class LiveListener {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private stopped = false;
  readonly stats = { financeNotices: 0, cashbookNotices: 0, reconnects: 0 };

  constructor(private readonly hub: LiveHub, private readonly connectionString: () => string) {}

  /** Resolves once notices are being received (a stream replays only after this, so nothing falls between). */
  ready(): Promise<void> {
    if (this.client) return Promise.resolve();
    return (this.connecting ??= this.connect().finally(() => { this.connecting = null; }));
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString() });
    client.on("error", (err) => this.lost(client, err));
    client.on("end", () => this.lost(client, new Error("connection ended")));
    client.on("notification", (n) => { if (n.payload) void this.onNotice(n.payload); });
    await client.connect();
    await client.query(`LISTEN ${LIVE_CHANNEL}`);
    this.client = client;
  }

  private lost(client: pg.Client, err: Error) {
    if (this.client !== client) return;
    this.client = null;
    if (this.stopped) return;
    log.warn("live stream: LISTEN connection lost; streams end so their clients resume by Last-Event-ID", { error: err.message });
    this.stats.reconnects++;
    this.hub.closeAll();
    client.end().catch(() => {});
  }

  private async onNotice(payload: string): Promise<void> {
    try {
      if (payload.startsWith("c ")) {
        for (const update of JSON.parse(payload.slice(2)) as CashBookUpdated[]) {
          this.stats.cashbookNotices++;
          this.hub.publishCashbook(update);
        }
        return;
      }
      const [kind, from, min, max] = payload.split(" ");
      if (kind !== "f" || from === origin || this.hub.connections() === 0) return;
      this.stats.financeNotices++;
      const rows = await db.queryAll<{ seq: number; orgId: string; propertyId: string; data: unknown }>`
        SELECT seq, org_id::text AS "orgId", property_id::text AS "propertyId", event_data AS data
          FROM domain_events WHERE seq BETWEEN ${Number(min)} AND ${Number(max)} ORDER BY seq`;
      for (const r of rows) this.hub.publishFinance(r.orgId, r.propertyId, r.seq, r.data);
    } catch (err) {
      log.warn(err, "live stream: a notice could not be delivered");
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => {});
  }
}

export const liveListener = new LiveListener(liveHub, () => db.connectionString);
onShutdown("events-live-listener", () => liveListener.stop());
