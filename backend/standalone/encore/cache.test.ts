// encore.dev/storage/cache on the standalone host, the same cases against the
// machine's Redis (127.0.0.1:6379, a key prefix of the test's own) and the
// in-memory mode `npm start` uses without REDIS_URL.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import {
  CacheCluster, CacheError, CacheKeyExists, CacheMiss, FloatKeyspace, IntKeyspace, StringKeyspace, StringListKeyspace, StructKeyspace,
  closeCacheClusters, expireIn, expireInSeconds, keepTTL, neverExpire,
} from "./cache.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

function clusterIn(mode: "redis" | "memory", prefix: string): CacheCluster {
  const saved = { url: process.env.REDIS_URL, prefix: process.env.REDIS_KEY_PREFIX };
  if (mode === "redis") process.env.REDIS_URL = REDIS_URL; else delete process.env.REDIS_URL;
  process.env.REDIS_KEY_PREFIX = prefix;
  try {
    return new CacheCluster("test-cache", { evictionPolicy: "allkeys-lru" });
  } finally {
    if (saved.url === undefined) delete process.env.REDIS_URL; else process.env.REDIS_URL = saved.url;
    if (saved.prefix === undefined) delete process.env.REDIS_KEY_PREFIX; else process.env.REDIS_KEY_PREFIX = saved.prefix;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(async () => { await closeCacheClusters(); });

for (const mode of ["redis", "memory"] as const) {
  describe(`encore.dev/storage/cache (${mode})`, () => {
    const prefix = `test:${randomUUID()}:`;
    let cluster: CacheCluster;
    let raw: Redis | null = null;
    beforeAll(async () => {
      cluster = clusterIn(mode, prefix);
      if (mode === "redis") raw = new Redis(REDIS_URL);
    });
    afterAll(async () => {
      if (raw) {
        const keys = await raw.keys(`${prefix}*`);
        if (keys.length) await raw.del(...keys);
        raw.disconnect();
      }
    });

    it("maps struct keys through the pattern and stores JSON values", async () => {
      const users = new StructKeyspace<{ org: string; id: string }, { name: string; n: number }>(cluster, { keyPattern: "user/:org/:id" });
      expect(await users.get({ org: "o1", id: "a/b" })).toBeUndefined();
      await users.set({ org: "o1", id: "a/b" }, { name: "Asha", n: 2 });
      expect(await users.get({ org: "o1", id: "a/b" })).toEqual({ name: "Asha", n: 2 });
      if (raw) expect(await raw.get(`${prefix}test-cache/user/o1/a\\/b`)).toBe('{"name":"Asha","n":2}');
      expect(await users.delete({ org: "o1", id: "a/b" }, { org: "o1", id: "none" })).toBe(1);
      expect(await users.get({ org: "o1", id: "a/b" })).toBeUndefined();
    });

    it("refuses the reserved __encore prefix", async () => {
      const ks = new StringKeyspace<string>(cluster, { keyPattern: ":id" });
      await expect(ks.get("__encore/x")).rejects.toThrow('use of reserved key prefix "__encore"');
    });

    it("setIfNotExists throws CacheKeyExists, replace throws CacheMiss", async () => {
      const ks = new StringKeyspace<string>(cluster, { keyPattern: "s/:id" });
      await ks.setIfNotExists("k", "one");
      const exists = await ks.setIfNotExists("k", "two").catch((e) => e);
      expect(exists).toBeInstanceOf(CacheKeyExists);
      expect(exists).toBeInstanceOf(CacheError);
      expect(exists.message).toBe('cache key "s/k" already exists');
      expect(await ks.get("k")).toBe("one");
      const miss = await ks.replace("absent", "x").catch((e) => e);
      expect(miss).toBeInstanceOf(CacheMiss);
      expect(miss.message).toBe('cache key "s/absent" not found');
      await ks.replace("k", "three");
      expect(await ks.getAndSet("k", "four")).toBe("three");
      expect(await ks.getAndSet("fresh", "v")).toBeUndefined();
      expect(await ks.getAndDelete("k")).toBe("four");
      expect(await ks.getAndDelete("k")).toBeUndefined();
    });

    it("multiGet and multiSet keep the order of the keys", async () => {
      const ks = new IntKeyspace<string>(cluster, { keyPattern: "m/:id" });
      await ks.multiSet([["a", 1], ["b", 2.9]]);
      expect(await ks.multiGet("b", "missing", "a")).toEqual([2, undefined, 1]);
    });

    it("string operations: append, ranges, length", async () => {
      const ks = new StringKeyspace<string>(cluster, { keyPattern: "str/:id" });
      expect(await ks.append("s", "hello")).toBe(5);
      expect(await ks.append("s", " world")).toBe(11);
      expect(await ks.getRange("s", 0, 4)).toBe("hello");
      expect(await ks.getRange("s", -5, -1)).toBe("world");
      expect(await ks.setRange("s", 6, "there")).toBe(11);
      expect(await ks.get("s")).toBe("hello there");
      expect(await ks.len("s")).toBe(11);
      expect(await ks.len("nothing")).toBe(0);
    });

    it("counters: increment and decrement from a missing key, floats", async () => {
      const ints = new IntKeyspace<{ p: string }>(cluster, { keyPattern: "v/:p" });
      expect(await ints.increment({ p: "x" })).toBe(1);
      expect(await ints.increment({ p: "x" }, 5)).toBe(6);
      expect(await ints.decrement({ p: "x" }, 2)).toBe(4);
      expect(await ints.get({ p: "x" })).toBe(4);
      const floats = new FloatKeyspace<string>(cluster, { keyPattern: "f/:id" });
      expect(await floats.increment("f", 1.5)).toBe(1.5);
      expect(await floats.decrement("f", 0.25)).toBe(1.25);
      const words = new StringKeyspace<string>(cluster, { keyPattern: "v/:p" });
      await words.set("y", "not a number");
      await expect(ints.increment({ p: "y" })).rejects.toBeInstanceOf(CacheError);
    });

    it("expiry: default, per write, with(), keepTTL and neverExpire", async () => {
      const ks = new StringKeyspace<string>(cluster, { keyPattern: "e/:id", defaultExpiry: expireIn(150) });
      await ks.set("short", "v");
      await ks.with({ expiry: neverExpire }).set("forever", "v");
      await ks.set("long", "v", { expiry: expireInSeconds(60) });
      await ks.set("long", "w", { expiry: keepTTL });
      await sleep(300);
      expect(await ks.get("short")).toBeUndefined();
      expect(await ks.get("forever")).toBe("v");
      expect(await ks.get("long")).toBe("w");
      if (raw) {
        const pttl = await raw.pttl(`${prefix}test-cache/e/long`);
        expect(pttl).toBeGreaterThan(1000);
        expect(await raw.pttl(`${prefix}test-cache/e/forever`)).toBe(-1);
      }
      // A counter with the keyspace's expiry expires; one written with neverExpire does not.
      const counters = new IntKeyspace<string>(cluster, { keyPattern: "ec/:id", defaultExpiry: expireIn(150) });
      await counters.increment("c");
      await counters.with({ expiry: neverExpire }).increment("d");
      await sleep(300);
      expect(await counters.get("c")).toBeUndefined();
      expect(await counters.get("d")).toBe(1);
    });

    it("CacheCluster.named shares the cluster's data", async () => {
      const a = new StringKeyspace<string>(cluster, { keyPattern: "n/:id" });
      await a.set("k", "shared");
      const again = clusterIn(mode, prefix);
      expect(again).not.toBe(cluster);
      expect(await new StringKeyspace<string>(again, { keyPattern: "n/:id" }).get("k")).toBe("shared");
    });

    it("list and set keyspaces say clearly that this host does not provide them", () => {
      expect(() => new StringListKeyspace<string>(cluster, { keyPattern: "l/:id" })).toThrow(/not provided by the standalone host/);
    });
  });
}

describe("encore.dev/storage/cache with Redis unreachable", () => {
  it("fails fast with a CacheError naming the cluster, operation and key", async () => {
    const saved = process.env.REDIS_URL;
    process.env.REDIS_URL = "redis://127.0.0.1:1"; // nothing listens on port 1
    let cluster: CacheCluster;
    try { cluster = new CacheCluster("unreachable"); } finally { if (saved === undefined) delete process.env.REDIS_URL; else process.env.REDIS_URL = saved; }
    const ks = new StringKeyspace<string>(cluster, { keyPattern: "k/:id" });
    const err = await ks.get("a").catch((e) => e);
    expect(err).toBeInstanceOf(CacheError);
    expect(err.message).toMatch(/^cache cluster "unreachable": get "k\/a": /);
  });
});

describe("in-memory cluster bounds", () => {
  it("sweeps expired keys and keeps at most its key limit, dropping the least recently written", async () => {
    const { MemoryBackend } = await import("../runtime/cache-backend.ts");
    const m = new MemoryBackend(100);
    for (let i = 0; i < 50; i++) await m.set(`short/${i}`, Buffer.from("x"), 1);
    await sleep(10);
    for (let i = 0; i < 150; i++) await m.set(`k/${i}`, Buffer.from(String(i)), undefined);
    expect(m.size).toBeLessThanOrEqual(100);
    expect(await m.get("k/0")).toBeNull();
    expect((await m.get("k/149"))?.toString()).toBe("149");
    expect(await m.get("short/0")).toBeNull();
  });
});
