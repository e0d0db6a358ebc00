// What the standalone `encore.dev/storage/cache` runs on: Redis through
// ioredis when REDIS_URL is set, a process-local map when it is not (as
// Encore's local development runs an in-memory Redis). Both take the TTL
// sentinel the encore.dev keyspaces hand to the native runtime:
// undefined = keyspace has no expiry, -1 = keep the key's TTL, -2 = never
// expire (persist), n >= 0 = expire in n ms.
import { Redis } from "ioredis";

export type Ttl = number | undefined;

/** The operations of encore.dev's native `runtime.CacheCluster` the basic keyspaces use. */
export interface CacheBackend {
  get(key: string): Promise<Buffer | null>;
  mget(keys: string[]): Promise<(Buffer | null)[]>;
  set(key: string, value: Buffer, ttl: Ttl): Promise<void>;
  mset(keys: string[], values: Buffer[], ttl: Ttl): Promise<void>;
  setIfNotExists(key: string, value: Buffer, ttl: Ttl): Promise<boolean>;
  replace(key: string, value: Buffer, ttl: Ttl): Promise<boolean>;
  getAndSet(key: string, value: Buffer, ttl: Ttl): Promise<Buffer | null>;
  getAndDelete(key: string): Promise<Buffer | null>;
  delete(keys: string[]): Promise<number>;
  incrBy(key: string, delta: number, ttl: Ttl): Promise<number>;
  incrByFloat(key: string, delta: number, ttl: Ttl): Promise<number>;
  append(key: string, value: Buffer, ttl: Ttl): Promise<number>;
  getRange(key: string, start: number, end: number): Promise<Buffer>;
  setRange(key: string, offset: number, value: Buffer, ttl: Ttl): Promise<number>;
  strlen(key: string): Promise<number>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Redis

/** How long an operation waits for a (re)connection before it fails; a cache that hangs is worse than a miss. */
const CONNECT_WAIT_MS = Number(process.env.REDIS_CONNECT_WAIT_MS ?? 1000);
const COMMAND_TIMEOUT_MS = Number(process.env.REDIS_COMMAND_TIMEOUT_MS ?? 1000);

function setArgs(ttl: Ttl): (string | number)[] {
  if (ttl === undefined || ttl === -2) return [];
  if (ttl === -1) return ["KEEPTTL"];
  return ["PX", Math.max(1, Math.floor(ttl))];
}

export class RedisBackend implements CacheBackend {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix: string) {
    this.redis = new Redis(url, {
      lazyConnect: true,
      // Fail fast while Redis is away instead of queueing: callers fall back to the database.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: CONNECT_WAIT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    // Connection errors surface on the next command; the event must not crash the process.
    this.redis.on("error", () => {});
  }

  private k(key: string): string { return this.prefix + key; }

  /** One wait for a (re)connection shared by every caller, so a burst of calls adds one listener, not one each. */
  private readyWait: Promise<void> | null = null;

  private async client(): Promise<Redis> {
    const r = this.redis;
    if (r.status === "ready") return r;
    if (r.status === "wait" || r.status === "end") r.connect().catch(() => {});
    this.readyWait ??= new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { cleanup(); reject(new Error(`redis not reachable within ${CONNECT_WAIT_MS} ms (status ${r.status})`)); }, CONNECT_WAIT_MS);
      const onReady = () => { cleanup(); resolve(); };
      const cleanup = () => { clearTimeout(timer); r.off("ready", onReady); this.readyWait = null; };
      r.on("ready", onReady);
    });
    await this.readyWait;
    return r;
  }

  /** Runs `cmd` then the TTL change the sentinel calls for, atomically. */
  private async withTtl<T>(key: string, ttl: Ttl, cmd: (m: ReturnType<Redis["multi"]>) => void): Promise<T> {
    const m = (await this.client()).multi();
    cmd(m);
    if (ttl === -2) m.persist(this.k(key));
    else if (ttl !== undefined && ttl >= 0) m.pexpire(this.k(key), Math.max(1, Math.floor(ttl)));
    const res = await m.exec();
    if (!res) throw new Error("redis transaction aborted");
    const [err, value] = res[0];
    if (err) throw err;
    return value as T;
  }

  async get(key: string) { return (await this.client()).getBuffer(this.k(key)); }
  async mget(keys: string[]) {
    if (keys.length === 0) return [];
    return (await this.client()).mgetBuffer(...keys.map((k) => this.k(k)));
  }
  async set(key: string, value: Buffer, ttl: Ttl) {
    await (await this.client()).call("SET", this.k(key), value, ...setArgs(ttl));
  }
  async mset(keys: string[], values: Buffer[], ttl: Ttl) {
    if (keys.length === 0) return;
    const m = (await this.client()).multi();
    keys.forEach((k, i) => m.call("SET", this.k(k), values[i], ...setArgs(ttl)));
    const res = await m.exec();
    for (const [err] of res ?? []) if (err) throw err;
  }
  async setIfNotExists(key: string, value: Buffer, ttl: Ttl) {
    const args = setArgs(ttl).filter((a) => a !== "KEEPTTL");
    return (await (await this.client()).call("SET", this.k(key), value, "NX", ...args)) === "OK";
  }
  async replace(key: string, value: Buffer, ttl: Ttl) {
    return (await (await this.client()).call("SET", this.k(key), value, "XX", ...setArgs(ttl))) === "OK";
  }
  async getAndSet(key: string, value: Buffer, ttl: Ttl) {
    return (await (await this.client()).callBuffer("SET", this.k(key), value, "GET", ...setArgs(ttl))) as Buffer | null;
  }
  async getAndDelete(key: string) { return (await this.client()).getdelBuffer(this.k(key)); }
  async delete(keys: string[]) {
    if (keys.length === 0) return 0;
    return (await this.client()).del(...keys.map((k) => this.k(k)));
  }
  async incrBy(key: string, delta: number, ttl: Ttl) {
    return Number(await this.withTtl<number>(key, ttl, (m) => m.incrby(this.k(key), delta)));
  }
  async incrByFloat(key: string, delta: number, ttl: Ttl) {
    return Number(await this.withTtl<string>(key, ttl, (m) => m.incrbyfloat(this.k(key), delta)));
  }
  async append(key: string, value: Buffer, ttl: Ttl) {
    return Number(await this.withTtl<number>(key, ttl, (m) => m.append(this.k(key), value)));
  }
  async getRange(key: string, start: number, end: number) { return (await this.client()).getrangeBuffer(this.k(key), start, end); }
  async setRange(key: string, offset: number, value: Buffer, ttl: Ttl) {
    return Number(await this.withTtl<number>(key, ttl, (m) => m.setrange(this.k(key), offset, value)));
  }
  async strlen(key: string) { return (await this.client()).strlen(this.k(key)); }
  async close() { this.redis.disconnect(); }
}

// ---------------------------------------------------------------------------
// In memory (no REDIS_URL): one process, Redis's semantics for these commands.

interface Entry { value: Buffer; expiresAt: number | null }

/** Keys the in-memory cluster holds at most; beyond it the least recently written go first (like Redis' allkeys-lru under maxmemory). */
const MEMORY_MAX_KEYS = Number(process.env.CACHE_MEMORY_MAX_KEYS ?? 100_000);
/** Expired keys are swept every this many writes, so keys nobody reads again do not pile up. */
const SWEEP_EVERY_WRITES = 1024;

export class MemoryBackend implements CacheBackend {
  private readonly map = new Map<string, Entry>();
  private writes = 0;

  constructor(private readonly maxKeys = MEMORY_MAX_KEYS) {}

  get size(): number { return this.map.size; }

  private store(key: string, entry: Entry): void {
    // Re-inserting moves the key to the end: the map's order is the write order.
    this.map.delete(key);
    this.map.set(key, entry);
    if (++this.writes % SWEEP_EVERY_WRITES === 0 || this.map.size > this.maxKeys) {
      const now = Date.now();
      for (const [k, e] of this.map) if (e.expiresAt !== null && e.expiresAt <= now) this.map.delete(k);
      for (const k of this.map.keys()) {
        if (this.map.size <= this.maxKeys) break;
        this.map.delete(k);
      }
    }
  }

  private live(key: string): Entry | undefined {
    const e = this.map.get(key);
    if (e && e.expiresAt !== null && e.expiresAt <= Date.now()) { this.map.delete(key); return undefined; }
    return e;
  }

  /** A plain SET: drops the TTL unless told to keep it. */
  private write(key: string, value: Buffer, ttl: Ttl, prev = this.live(key)): void {
    const expiresAt = ttl === -1 ? prev?.expiresAt ?? null : ttl === undefined || ttl === -2 ? null : Date.now() + Math.max(1, Math.floor(ttl));
    this.store(key, { value: Buffer.from(value), expiresAt });
  }

  /** Changes a value in place (INCRBY, APPEND...): the TTL stays unless the sentinel sets or removes it. */
  private modify(key: string, value: Buffer, ttl: Ttl): void {
    const prev = this.live(key);
    const expiresAt = ttl === -2 ? null : ttl !== undefined && ttl >= 0 ? Date.now() + Math.max(1, Math.floor(ttl)) : prev?.expiresAt ?? null;
    this.store(key, { value, expiresAt });
  }

  async get(key: string) { const e = this.live(key); return e ? Buffer.from(e.value) : null; }
  async mget(keys: string[]) { return Promise.all(keys.map((k) => this.get(k))); }
  async set(key: string, value: Buffer, ttl: Ttl) { this.write(key, value, ttl); }
  async mset(keys: string[], values: Buffer[], ttl: Ttl) { keys.forEach((k, i) => this.write(k, values[i], ttl)); }
  async setIfNotExists(key: string, value: Buffer, ttl: Ttl) {
    if (this.live(key)) return false;
    this.write(key, value, ttl === -1 ? undefined : ttl);
    return true;
  }
  async replace(key: string, value: Buffer, ttl: Ttl) {
    if (!this.live(key)) return false;
    this.write(key, value, ttl);
    return true;
  }
  async getAndSet(key: string, value: Buffer, ttl: Ttl) {
    const prev = this.live(key);
    this.write(key, value, ttl, prev);
    return prev ? prev.value : null;
  }
  async getAndDelete(key: string) {
    const prev = this.live(key);
    this.map.delete(key);
    return prev ? prev.value : null;
  }
  async delete(keys: string[]) {
    let n = 0;
    for (const k of new Set(keys)) if (this.live(k) && this.map.delete(k)) n++;
    return n;
  }
  private number(key: string, integer: boolean): number {
    const e = this.live(key);
    if (!e) return 0;
    const s = e.value.toString("utf-8");
    const n = integer ? (/^-?\d+$/.test(s) ? Number(s) : NaN) : Number(s);
    if (!Number.isFinite(n)) throw new Error(integer ? "ERR value is not an integer or out of range" : "ERR value is not a valid float");
    return n;
  }
  async incrBy(key: string, delta: number, ttl: Ttl) {
    const n = this.number(key, true) + delta;
    this.modify(key, Buffer.from(String(n)), ttl);
    return n;
  }
  async incrByFloat(key: string, delta: number, ttl: Ttl) {
    const n = this.number(key, false) + delta;
    this.modify(key, Buffer.from(String(n)), ttl);
    return n;
  }
  async append(key: string, value: Buffer, ttl: Ttl) {
    const next = Buffer.concat([this.live(key)?.value ?? Buffer.alloc(0), value]);
    this.modify(key, next, ttl);
    return next.length;
  }
  async getRange(key: string, start: number, end: number) {
    const v = this.live(key)?.value ?? Buffer.alloc(0);
    const len = v.length;
    let s = start < 0 ? Math.max(0, len + start) : start;
    let e = end < 0 ? len + end : Math.min(end, len - 1);
    if (s > e || len === 0) return Buffer.alloc(0);
    return Buffer.from(v.subarray(s, e + 1));
  }
  async setRange(key: string, offset: number, value: Buffer, ttl: Ttl) {
    const cur = this.live(key)?.value ?? Buffer.alloc(0);
    const next = Buffer.alloc(Math.max(cur.length, offset + value.length));
    cur.copy(next);
    value.copy(next, offset);
    this.modify(key, next, ttl);
    return next.length;
  }
  async strlen(key: string) { return this.live(key)?.value.length ?? 0; }
  async close() { this.map.clear(); }
}

/** Redis when REDIS_URL is set, memory otherwise; keys of each cluster under `REDIS_KEY_PREFIX` + cluster name. */
export function backendFor(clusterName: string, env: NodeJS.ProcessEnv = process.env): CacheBackend {
  const url = env.REDIS_URL;
  // One Redis serves every cluster here, where Encore provisions one per cluster: the cluster name keeps them apart.
  return url ? new RedisBackend(url, `${env.REDIS_KEY_PREFIX ?? ""}${clusterName}/`) : new MemoryBackend();
}
