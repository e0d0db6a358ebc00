// In-process fan-out for the live stream: open connections per organisation,
// each told only what its viewer may see. Bounded everywhere: connections per
// organisation, bytes buffered per socket, messages queued while a connection
// replays. A client that cannot keep up is disconnected, never buffered for.
//
// Events committed in THIS process reach its connections at once; those of
// other instances arrive through live-broadcast.ts (PostgreSQL LISTEN/NOTIFY).
import type { ServerResponse } from "node:http";
import type { CashBookUpdated } from "../reports/topics.ts";
import { onShutdown } from "../shared/lifecycle.ts";
import { recordForcedDisconnect, setStreamConnections } from "./metrics.ts";

/** Bytes a socket may hold unsent before its client counts as stalled (1 MiB). */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Live messages held for a connection while it replays missed events. */
export const MAX_PENDING_MESSAGES = 1000;
/** A comment line this often keeps proxies from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;
/** Finance seqs each connection remembers for de-duplication. */
const RECENT_SEQS = 1024;
/** Streams one organisation may hold open in one process. */
export const MAX_CONNECTIONS_PER_ORG = 500;

/** Who is watching: copied from the redeemed stream ticket. */
export interface Viewer {
  orgId: string;
  userId: string;
  role: "admin" | "manager" | "staff";
  propertyIds: string[];
}

/** A live message held while the connection replays; seq null for cash-book notices. */
type Pending = { seq: number | null; frame: string };

let nextConnectionId = 0;

export class StreamConnection {
  readonly id = ++nextConnectionId;
  readonly openedAt = Date.now();
  /** Highest finance seq written to this client; later frames at or below it are duplicates. */
  lastSeq = 0;
  /** Seqs at or below this were covered by the replay. */
  private replayedUpTo = 0;
  private readonly recentSeqs = new Set<number>();
  closed = false;
  closeReason: string | null = null;
  private live = false;
  private pending: Pending[] = [];
  private readonly seesAll: boolean;
  private readonly properties: Set<string>;

  constructor(readonly viewer: Viewer, private readonly res: ServerResponse, private readonly hub: LiveHub) {
    // Managers and admins see the whole organisation, including properties created after the ticket.
    this.seesAll = viewer.role !== "staff";
    this.properties = new Set(viewer.propertyIds);
  }

  canSee(propertyId: string): boolean {
    return this.seesAll || this.properties.has(propertyId);
  }

  /** A finance event for this viewer: staff see only their own shifts' events, as the shifts API shows them only their own shifts. */
  canSeeFinance(propertyId: string, data: unknown): boolean {
    if (!this.canSee(propertyId)) return false;
    if (this.seesAll) return true;
    const e = data as { kind?: string; shift?: { cashierUserId?: string } } | null;
    return e?.kind !== "shift" || e.shift?.cashierUserId === this.viewer.userId;
  }

  /** Bytes queued in the socket that the client has not taken yet. */
  get bufferedBytes(): number {
    return this.res.writableLength;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** A finance event for this connection: written now when live, queued while replaying. */
  offerFinance(seq: number, frame: string) {
    if (this.closed) return;
    if (!this.live) return this.enqueue({ seq, frame });
    this.writeFinance(seq, frame);
  }

  offerCashbook(frame: string) {
    if (this.closed) return;
    if (!this.live) return this.enqueue({ seq: null, frame });
    this.write(frame);
  }

  /**
   * Writes a finance frame unless the client already has it: replay and live
   * overlap, and an event can arrive both from this instance and from the
   * database's notice (live-broadcast.ts). Seqs written recently are
   * remembered rather than compared with the highest one, because batches of
   * different instances commit in any order: a lower seq can arrive second.
   */
  writeFinance(seq: number, frame: string) {
    if (seq <= this.replayedUpTo || this.recentSeqs.has(seq)) return;
    if (!this.write(frame)) return;
    this.lastSeq = Math.max(this.lastSeq, seq);
    this.recentSeqs.add(seq);
    if (this.recentSeqs.size > RECENT_SEQS) this.recentSeqs.delete(this.recentSeqs.values().next().value!);
  }

  /** Ends the replay: the queued live messages go out in arrival order, then everything is written directly. */
  goLive() {
    // Everything up to here came from the replay (or the announced head).
    this.replayedUpTo = this.lastSeq;
    const queued = this.pending;
    this.pending = [];
    for (const p of queued) {
      if (this.closed) return;
      if (p.seq === null) this.write(p.frame);
      else this.writeFinance(p.seq, p.frame);
    }
    this.live = true;
  }

  /** Writes a frame, or cuts the client off if its socket already holds too much unsent data. */
  write(frame: string): boolean {
    if (this.closed) return false;
    if (this.res.writableLength + Buffer.byteLength(frame) > MAX_BUFFERED_BYTES) {
      this.close("slow_client", true);
      return false;
    }
    this.res.write(frame);
    return true;
  }

  private enqueue(p: Pending) {
    if (this.pending.length >= MAX_PENDING_MESSAGES) {
      this.close("replay_backlog", true);
      return;
    }
    this.pending.push(p);
  }

  /** Closes the stream. `abort` drops unsent data at once (a stalled client would never take it). */
  close(reason: string, abort = false) {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    this.pending = [];
    this.hub.remove(this);
    if (abort) {
      recordForcedDisconnect(reason);
      this.res.destroy();
    } else {
      this.res.end();
    }
  }
}

export class LiveHub {
  private readonly byOrg = new Map<string, Set<StreamConnection>>();
  private heartbeat: NodeJS.Timeout | null = null;
  private count = 0;

  /** Registers a connection (in replay mode: live messages queue until goLive). */
  add(viewer: Viewer, res: ServerResponse): StreamConnection {
    let set = this.byOrg.get(viewer.orgId);
    if (set && set.size >= MAX_CONNECTIONS_PER_ORG) throw new Error("too many open streams for this organisation");
    if (!set) this.byOrg.set(viewer.orgId, (set = new Set()));
    const conn = new StreamConnection(viewer, res, this);
    set.add(conn);
    this.count++;
    setStreamConnections(this.count);
    this.startHeartbeat();
    return conn;
  }

  remove(conn: StreamConnection) {
    const set = this.byOrg.get(conn.viewer.orgId);
    if (!set?.delete(conn)) return;
    if (set.size === 0) this.byOrg.delete(conn.viewer.orgId);
    this.count--;
    setStreamConnections(this.count);
    if (this.count === 0) this.stopHeartbeat();
  }

  has(conn: StreamConnection): boolean {
    return this.byOrg.get(conn.viewer.orgId)?.has(conn) ?? false;
  }

  /** Open connections, for one organisation or in total. */
  connections(orgId?: string): number {
    return orgId === undefined ? this.count : this.byOrg.get(orgId)?.size ?? 0;
  }

  /** Every open connection. */
  all(): StreamConnection[] {
    return [...this.byOrg.values()].flatMap((set) => [...set]);
  }

  /** The open connections of one organisation (for inspection and tests). */
  connectionsOf(orgId: string): StreamConnection[] {
    return [...(this.byOrg.get(orgId) ?? [])];
  }

  /** A committed finance event (its seq from domain_events) to every viewer of its organisation and property. */
  publishFinance(orgId: string, propertyId: string, seq: number, data: unknown) {
    const set = this.byOrg.get(orgId);
    if (!set) return;
    const frame = financeFrame(seq, data);
    for (const c of [...set]) if (c.canSeeFinance(propertyId, data)) c.offerFinance(seq, frame);
  }

  /** A cash-book change notice from the reports service. */
  publishCashbook(msg: CashBookUpdated) {
    const set = this.byOrg.get(msg.orgId);
    if (!set) return;
    const frame = `event: cashbook\ndata: ${JSON.stringify(msg)}\n\n`;
    for (const c of [...set]) if (c.canSee(msg.propertyId)) c.offerCashbook(frame);
  }

  /** Ends every stream (shutdown); clients reconnect elsewhere with Last-Event-ID. */
  closeAll() {
    for (const set of [...this.byOrg.values()]) for (const c of [...set]) c.close("shutdown");
    this.stopHeartbeat();
  }

  private startHeartbeat() {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const set of [...this.byOrg.values()]) for (const c of [...set]) c.write(": heartbeat\n\n");
    }, HEARTBEAT_MS);
    // The heartbeat alone must not keep a process alive.
    this.heartbeat.unref();
  }

  private stopHeartbeat() {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}

export function financeFrame(seq: number, data: unknown): string {
  return `id: ${seq}\nevent: finance\ndata: ${JSON.stringify(data)}\n\n`;
}

export const liveHub = new LiveHub();
onShutdown("events-live-stream", async () => liveHub.closeAll());
