// Standalone `encore.dev/storage/cache`: the classes, helpers and errors of
// encore.dev's storage/cache (names, signatures, key mapping, TTL rules and
// error messages as in node_modules/encore.dev/storage/cache/), over
// runtime/cache-backend.ts instead of Encore's native Redis client: Redis
// when REDIS_URL is set, memory when it is not. The list and set keyspaces
// exist with their names but refuse to construct: the app does not use them
// and a half-working copy would be worse than a clear error.
import { backendFor, type CacheBackend } from "../runtime/cache-backend.ts";

// ---------------------------------------------------------------------------
// errors (encore.dev/storage/cache/errors.ts)

export class CacheError extends Error {
  constructor(msg: string, options?: { cause?: unknown }) {
    super(msg, options);
    Object.defineProperty(this, "name", { value: "CacheError", enumerable: false, configurable: true });
    Object.setPrototypeOf(this, CacheError.prototype);
  }
}

export class CacheMiss extends CacheError {
  constructor(key: string) {
    super(`cache key "${key}" not found`);
    Object.defineProperty(this, "name", { value: "CacheMiss", enumerable: false, configurable: true });
    Object.setPrototypeOf(this, CacheMiss.prototype);
  }
}

export class CacheKeyExists extends CacheError {
  constructor(key: string) {
    super(`cache key "${key}" already exists`);
    Object.defineProperty(this, "name", { value: "CacheKeyExists", enumerable: false, configurable: true });
    Object.setPrototypeOf(this, CacheKeyExists.prototype);
  }
}

// ---------------------------------------------------------------------------
// expiry (encore.dev/storage/cache/expiry.ts)

export type Expiry =
  | { type: "duration"; durationMs: number }
  | { type: "time"; hours: number; minutes: number; seconds: number }
  | "never"
  | "keep-ttl";

export function expireIn(ms: number): Expiry { return { type: "duration", durationMs: ms }; }
export function expireInSeconds(seconds: number): Expiry { return { type: "duration", durationMs: seconds * 1000 }; }
export function expireInMinutes(minutes: number): Expiry { return { type: "duration", durationMs: minutes * 60 * 1000 }; }
export function expireInHours(hours: number): Expiry { return { type: "duration", durationMs: hours * 60 * 60 * 1000 }; }
/** Expires at this UTC time of day (tomorrow's if it has passed today). */
export function expireDailyAt(hours: number, minutes: number, seconds: number): Expiry { return { type: "time", hours, minutes, seconds }; }
export const neverExpire: Expiry = "never";
export const keepTTL: Expiry = "keep-ttl";

function resolveExpiry(expiry: Expiry): number | "never" | "keep-ttl" {
  if (expiry === "never" || expiry === "keep-ttl") return expiry;
  if (expiry.type === "duration") return expiry.durationMs;
  const now = new Date();
  const target = new Date(now);
  target.setUTCHours(expiry.hours, expiry.minutes, expiry.seconds, 0);
  if (target.getTime() <= now.getTime()) target.setUTCDate(target.getUTCDate() + 1);
  return target.getTime() - now.getTime();
}

// ---------------------------------------------------------------------------
// cluster (encore.dev/storage/cache/cluster.ts)

export type EvictionPolicy =
  | "noeviction" | "allkeys-lru" | "allkeys-lfu" | "allkeys-random"
  | "volatile-lru" | "volatile-lfu" | "volatile-ttl" | "volatile-random";

export interface CacheClusterConfig { evictionPolicy?: EvictionPolicy }

// `new CacheCluster(name)` and `CacheCluster.named(name)` share one connection (or one map) per name and target.
const backends = new Map<string, CacheBackend>();

export class CacheCluster {
  /** @internal */
  readonly impl: CacheBackend;
  /** @internal */
  readonly clusterName: string;

  constructor(name: string, _cfg?: CacheClusterConfig) {
    this.clusterName = name;
    const id = `${name}|${process.env.REDIS_URL ?? "memory"}|${process.env.REDIS_KEY_PREFIX ?? ""}`;
    let b = backends.get(id);
    if (!b) backends.set(id, (b = backendFor(name)));
    this.impl = b;
  }

  static named<Name extends string>(name: Name): CacheCluster { return new CacheCluster(name); }
}

/** Closes every cluster's connection (host shutdown and tests). Not part of Encore's API. */
export async function closeCacheClusters(): Promise<void> {
  const all = [...backends.values()];
  backends.clear();
  await Promise.all(all.map((b) => b.close()));
}

// ---------------------------------------------------------------------------
// keyspaces (encore.dev/storage/cache/keyspace.ts, basic.ts)

export interface KeyspaceConfig<K> {
  keyPattern: string;
  defaultExpiry?: Expiry;
}

export interface WriteOptions { expiry?: Expiry }

/** Encore's native client reports Redis failures as errors; here they carry the cluster, the operation and the key. */
async function op<T>(cluster: CacheCluster, what: string, key: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof CacheError) throw err;
    throw new CacheError(`cache cluster "${cluster.clusterName}": ${what} "${key}": ${(err as Error).message}`, { cause: err });
  }
}

abstract class Keyspace<K> {
  protected readonly cluster: CacheCluster;
  protected readonly config: KeyspaceConfig<K>;
  protected readonly keyMapper: (key: K) => string;
  private _effectiveExpiry?: Expiry;

  constructor(cluster: CacheCluster, config: KeyspaceConfig<K>) {
    this.cluster = cluster;
    this.config = config;
    this.keyMapper = createKeyMapper<K>(config.keyPattern);
  }

  protected mapKey(key: K): string {
    const mapped = this.keyMapper(key);
    if (mapped.startsWith("__encore")) throw new Error('use of reserved key prefix "__encore"');
    return mapped;
  }

  protected resolveTtl(options?: WriteOptions): number | undefined {
    const expiry = options?.expiry ?? this._effectiveExpiry ?? this.config.defaultExpiry;
    if (!expiry) return undefined;
    const resolved = resolveExpiry(expiry);
    if (resolved === "keep-ttl") return -1;
    if (resolved === "never") return -2;
    return resolved;
  }

  with(options: WriteOptions): this {
    const clone = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(clone, this);
    (clone as any)._effectiveExpiry = options.expiry ?? this._effectiveExpiry;
    return clone;
  }

  async delete(...keys: K[]): Promise<number> {
    const mapped = keys.map((k) => this.mapKey(k));
    return op(this.cluster, "delete", mapped.join(","), () => this.cluster.impl.delete(mapped));
  }
}

function createKeyMapper<K>(pattern: string): (key: K) => string {
  const segments = pattern.split("/").map((seg) =>
    seg.startsWith(":") ? { isLiteral: false, value: seg.slice(1), field: seg.slice(1) } : { isLiteral: true, value: seg, field: "" });
  return (key: K) => segments.map((seg) => {
    if (seg.isLiteral) return seg.value;
    const val = typeof key === "object" && key !== null && seg.field ? (key as Record<string, unknown>)[seg.field] : key;
    return String(val).replace(/\//g, "\\/");
  }).join("/");
}

abstract class BasicKeyspace<K, V> extends Keyspace<K> {
  protected abstract serialize(value: V): Buffer;
  protected abstract deserialize(data: Buffer): V;

  async get(key: K): Promise<V | undefined> {
    const k = this.mapKey(key);
    const r = await op(this.cluster, "get", k, () => this.cluster.impl.get(k));
    return r === null ? undefined : this.deserialize(r);
  }

  async multiGet(...keys: K[]): Promise<(V | undefined)[]> {
    const mapped = keys.map((k) => this.mapKey(k));
    const rs = await op(this.cluster, "mget", mapped.join(","), () => this.cluster.impl.mget(mapped));
    return rs.map((r) => (r === null || r === undefined ? undefined : this.deserialize(r)));
  }

  async multiSet(entries: [K, V][], options?: WriteOptions): Promise<void> {
    const keys = entries.map(([k]) => this.mapKey(k));
    const values = entries.map(([, v]) => this.serialize(v));
    const ttl = this.resolveTtl(options);
    await op(this.cluster, "mset", keys.join(","), () => this.cluster.impl.mset(keys, values, ttl));
  }

  async set(key: K, value: V, options?: WriteOptions): Promise<void> {
    const k = this.mapKey(key);
    const v = this.serialize(value);
    const ttl = this.resolveTtl(options);
    await op(this.cluster, "set", k, () => this.cluster.impl.set(k, v, ttl));
  }

  async setIfNotExists(key: K, value: V, options?: WriteOptions): Promise<void> {
    const k = this.mapKey(key);
    const v = this.serialize(value);
    const ttl = this.resolveTtl(options);
    if (!(await op(this.cluster, "setIfNotExists", k, () => this.cluster.impl.setIfNotExists(k, v, ttl)))) throw new CacheKeyExists(k);
  }

  async replace(key: K, value: V, options?: WriteOptions): Promise<void> {
    const k = this.mapKey(key);
    const v = this.serialize(value);
    const ttl = this.resolveTtl(options);
    if (!(await op(this.cluster, "replace", k, () => this.cluster.impl.replace(k, v, ttl)))) throw new CacheMiss(k);
  }

  async getAndSet(key: K, value: V, options?: WriteOptions): Promise<V | undefined> {
    const k = this.mapKey(key);
    const v = this.serialize(value);
    const ttl = this.resolveTtl(options);
    const old = await op(this.cluster, "getAndSet", k, () => this.cluster.impl.getAndSet(k, v, ttl));
    return old === null ? undefined : this.deserialize(old);
  }

  async getAndDelete(key: K): Promise<V | undefined> {
    const k = this.mapKey(key);
    const old = await op(this.cluster, "getAndDelete", k, () => this.cluster.impl.getAndDelete(k));
    return old === null ? undefined : this.deserialize(old);
  }
}

export class StringKeyspace<K> extends BasicKeyspace<K, string> {
  constructor(cluster: CacheCluster, config: KeyspaceConfig<K>) { super(cluster, config); }
  protected serialize(value: string): Buffer { return Buffer.from(value, "utf-8"); }
  protected deserialize(data: Buffer): string { return data.toString("utf-8"); }

  async append(key: K, value: string, options?: WriteOptions): Promise<number> {
    const k = this.mapKey(key);
    const ttl = this.resolveTtl(options);
    return Number(await op(this.cluster, "append", k, () => this.cluster.impl.append(k, Buffer.from(value, "utf-8"), ttl)));
  }

  async getRange(key: K, start: number, end: number): Promise<string> {
    const k = this.mapKey(key);
    return (await op(this.cluster, "getRange", k, () => this.cluster.impl.getRange(k, start, end))).toString("utf-8");
  }

  async setRange(key: K, offset: number, value: string, options?: WriteOptions): Promise<number> {
    const k = this.mapKey(key);
    const ttl = this.resolveTtl(options);
    return Number(await op(this.cluster, "setRange", k, () => this.cluster.impl.setRange(k, offset, Buffer.from(value, "utf-8"), ttl)));
  }

  async len(key: K): Promise<number> {
    const k = this.mapKey(key);
    return Number(await op(this.cluster, "strlen", k, () => this.cluster.impl.strlen(k)));
  }
}

export class IntKeyspace<K> extends BasicKeyspace<K, number> {
  constructor(cluster: CacheCluster, config: KeyspaceConfig<K>) { super(cluster, config); }
  protected serialize(value: number): Buffer { return Buffer.from(String(Math.floor(value)), "utf-8"); }
  protected deserialize(data: Buffer): number { return parseInt(data.toString("utf-8"), 10); }

  async increment(key: K, delta: number = 1, options?: WriteOptions): Promise<number> {
    const k = this.mapKey(key);
    const ttl = this.resolveTtl(options);
    return op(this.cluster, "incrBy", k, () => this.cluster.impl.incrBy(k, Math.floor(delta), ttl));
  }

  async decrement(key: K, delta: number = 1, options?: WriteOptions): Promise<number> {
    const k = this.mapKey(key);
    const ttl = this.resolveTtl(options);
    return op(this.cluster, "decrBy", k, () => this.cluster.impl.incrBy(k, -Math.floor(delta), ttl));
  }
}

export class FloatKeyspace<K> extends BasicKeyspace<K, number> {
  constructor(cluster: CacheCluster, config: KeyspaceConfig<K>) { super(cluster, config); }
  protected serialize(value: number): Buffer { return Buffer.from(String(value), "utf-8"); }
  protected deserialize(data: Buffer): number { return parseFloat(data.toString("utf-8")); }

  async increment(key: K, delta: number = 1, options?: WriteOptions): Promise<number> {
    const k = this.mapKey(key);
    const ttl = this.resolveTtl(options);
    return op(this.cluster, "incrByFloat", k, () => this.cluster.impl.incrByFloat(k, delta, ttl));
  }

  async decrement(key: K, delta: number = 1, options?: WriteOptions): Promise<number> {
    const k = this.mapKey(key);
    const ttl = this.resolveTtl(options);
    return op(this.cluster, "incrByFloat", k, () => this.cluster.impl.incrByFloat(k, -delta, ttl));
  }
}

export class StructKeyspace<K, V> extends BasicKeyspace<K, V> {
  constructor(cluster: CacheCluster, config: KeyspaceConfig<K>) { super(cluster, config); }
  protected serialize(value: V): Buffer { return Buffer.from(JSON.stringify(value), "utf-8"); }
  protected deserialize(data: Buffer): V { return JSON.parse(data.toString("utf-8")) as V; }
}

// ---------------------------------------------------------------------------
// list and set keyspaces: not provided by this host.

export type ListPosition = "left" | "right";

function notProvided(what: string): never {
  throw new CacheError(`${what} is not provided by the standalone host (backend/standalone/encore/cache.ts); use a basic keyspace`);
}

export class StringListKeyspace<K> extends Keyspace<K> {
  constructor(cluster: CacheCluster, config: KeyspaceConfig<K>) { super(cluster, config); notProvided("StringListKeyspace"); }
}
export class NumberListKeyspace<K> extends Keyspace<K> {
  constructor(cluster: CacheCluster, config: KeyspaceConfig<K>) { super(cluster, config); notProvided("NumberListKeyspace"); }
}
export class StringSetKeyspace<K> extends Keyspace<K> {
  constructor(cluster: CacheCluster, config: KeyspaceConfig<K>) { super(cluster, config); notProvided("StringSetKeyspace"); }
}
export class NumberSetKeyspace<K> extends Keyspace<K> {
  constructor(cluster: CacheCluster, config: KeyspaceConfig<K>) { super(cluster, config); notProvided("NumberSetKeyspace"); }
}
