// The reports service's second-level cache (encore.dev/storage/cache: Redis
// under Encore and on the standalone host with REDIS_URL, in memory without):
// report values shared by every instance, and the version counters that tell
// every instance's first-level cache when its copies are stale (the rule is
// in cache-l2.ts), and beside each version the WAL position of the scope's
// last cash-book commit, which tells every instance when the read replica
// may serve the scope (read-routing.ts).
import { CacheCluster, IntKeyspace, StructKeyspace, expireInHours, expireInMinutes } from "encore.dev/storage/cache";

/** Shared by every instance of the reports service. */
export const reportsCacheCluster = new CacheCluster("reports-cache", { evictionPolicy: "allkeys-lru" });

export interface ReportValueKey { orgId: string; scope: string; kind: string; period: string; version: number }
export interface VersionKey { orgId: string; scope: string }

/** A report result under the version of its property (or organisation, scope "*") it was read at; writes set their own TTL. */
export const reportValues = new StructKeyspace<ReportValueKey, { value: object }>(reportsCacheCluster, {
  keyPattern: "report/:orgId/:scope/:kind/:period/:version",
  defaultExpiry: expireInMinutes(2),
});

/**
 * Bumped after each cash-book commit of the property (and its organisation, scope "*").
 * 24 h after its last bump no cached value can still carry it (the longest TTL is 2 min),
 * so letting it expire is safe: it is re-created above every value it ever had (cache-l2.ts).
 */
export const reportVersions = new IntKeyspace<VersionKey>(reportsCacheCluster, {
  keyPattern: "version/:orgId/:scope",
  defaultExpiry: expireInHours(24),
});

/**
 * The primary's WAL position (pg_current_wal_lsn() after the commit, as a number, see
 * read-routing.ts lsnValue) of the last cash-book commit of the property (and its
 * organisation, scope "*"): a replica serves the scope only once it has replayed past it.
 * Only ever raised (cache-l2.ts), and written before the version bump it goes with.
 * A position fits a double exactly up to 2^53 bytes of WAL (8 PiB). Kept as long as the
 * version: 24 h after a commit no replica within REPLICA_MAX_LAG_BYTES is still behind it.
 */
export const reportCommitPositions = new IntKeyspace<VersionKey>(reportsCacheCluster, {
  keyPattern: "commit-lsn/:orgId/:scope",
  defaultExpiry: expireInHours(24),
});

/**
 * Set when someone read the property's reports (scope "*": the organisation's summary) on any
 * instance within the last CACHE_WARM_READ_WINDOW_MS; cache warming recomputes only those
 * (read-marks.ts). Each write sets its own expiry, the window.
 */
export const reportReads = new IntKeyspace<VersionKey>(reportsCacheCluster, {
  keyPattern: "read/:orgId/:scope",
  defaultExpiry: expireInMinutes(10),
});
