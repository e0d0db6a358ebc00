// Standalone `encore.dev/storage/sqldb` on node-postgres. Every named database
// of the app maps to the server in DATABASE_URL, except one whose name ends in
// "_replica": that maps to DATABASE_REPLICA_URL when set (the infra-config
// mapping of a name to another server, see README "Read replica");
// tagged templates become $n parameters exactly as in Encore. Parameters are
// bound by the type PostgreSQL infers for them under Encore's rules
// (sql-values.ts), and rows come back as Encore's runtime returns them
// (sql-rows.ts): what Encore refuses fails here too, with its message.
import pg from "pg";
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { callerDir } from "../runtime/header-fields.ts";
import { bindParams, binderFor, type Binder } from "./sql-values.ts";
import { RAW_TYPES, ROW_TYPES, readRows } from "./sql-rows.ts";
import { knownType, resolveTypes, type PgType } from "./sql-types.ts";

// For the host's own queries on pool() (SQLDatabase queries use sql-rows.ts):
// int8 and date come back as number and "YYYY-MM-DD": money is bigint cents,
// well inside 2^53, and a business date must never shift through a local-time Date.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v);

export type Row = Record<string, any>;
export type Primitive = string | number | boolean | Buffer | Date | Record<string, any> | bigint | null | undefined | Primitive[];

const intEnv = (name: string, fallback: number) => {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${v}"`);
  return n;
};

/** One pool per process and server: the app's settings (max 100, min 10, idle 10 min, lifetime 1 h), each overridable. */
let sharedPool: pg.Pool | null = null;
let replicaPool: pg.Pool | null = null;
function primaryUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("encore: DATABASE_URL is not set; the standalone host sets it before loading services");
  return url;
}

export function pool(): pg.Pool {
  sharedPool ??= makePool(primaryUrl(), intEnv("DB_POOL_MAX", 100), intEnv("DB_POOL_MIN", 10));
  return sharedPool;
}

/**
 * The host's queue (pubsub-engine.ts) on connections of its own, where a
 * sequential scan is priced out and every statement keeps its generic plan.
 * The queue's tables swing from empty to a backlog of tens of thousands within
 * seconds, so plans made from their statistics were a gamble per connection:
 * a claim planned while the tables held a page or two scanned every body once
 * per claimed delivery for the rest of the connection's life (bench:api,
 * `perf`: up to 68 % of PostgreSQL's time), and one whose custom plans looked
 * cheaper than the generic one was planned afresh on every call (0.2 ms, in
 * some runs and not others). Every queue statement has a key to go through, so
 * the index paths serve both ends, and one plan per connection serves every
 * call. The app's statements keep the planner's choice.
 */
export const QUEUE_SESSION_OPTIONS = "-c enable_seqscan=off -c plan_cache_mode=force_generic_plan";
let queueConnections: pg.Pool | null = null;
export function queuePool(): pg.Pool {
  queueConnections ??= makePool(primaryUrl(), intEnv("DB_QUEUE_POOL_MAX", 20), 0, QUEUE_SESSION_OPTIONS);
  return queueConnections;
}

/** The pool for database `name`: DATABASE_REPLICA_URL's server for a "*_replica" name when it is set, else the primary's. */
function poolFor(name: string): pg.Pool {
  const replicaUrl = process.env.DATABASE_REPLICA_URL;
  if (!name.endsWith("_replica") || !replicaUrl) return pool();
  replicaPool ??= makePool(replicaUrl, intEnv("DB_REPLICA_POOL_MAX", 50), 0);
  return replicaPool;
}

function makePool(connectionString: string, max: number, min: number, options?: string): pg.Pool {
  const p = new pg.Pool({
    connectionString,
    options,
    max,
    min,
    idleTimeoutMillis: intEnv("DB_POOL_IDLE_MS", 10 * 60_000),
    maxLifetimeSeconds: intEnv("DB_POOL_MAX_LIFETIME_S", 3600),
    connectionTimeoutMillis: intEnv("DB_POOL_CONNECT_TIMEOUT_MS", 10_000),
  });
  // A client losing its connection must never crash the process. Idle ones
  // report through the pool, which replaces them. A checked-out client (a
  // transaction, a dedicated connection) has no listener of the pool's while
  // it is out, and an 'error' event without one is thrown: give every client
  // its own. Its pending and later queries then fail, so only the request
  // that held it sees the error, and release(err) discards it.
  const warn = (message: string) => (err: Error) => process.stderr.write(JSON.stringify({ level: "warn", time: new Date().toISOString(), message, error: err.message }) + "\n");
  p.on("error", warn("idle database client error"));
  p.on("connect", (client) => client.on("error", warn("database client error")));
  return p;
}

export async function closePool(): Promise<void> {
  const others = [replicaPool, queueConnections];
  replicaPool = queueConnections = null;
  for (const o of others) if (o) await o.end().catch(() => {});
  const p = sharedPool;
  sharedPool = null;
  if (!p) return;
  await p.end();
  // end() resolves once every client was asked to close, not once its socket
  // has: a server stopping right after would otherwise be reported as an
  // "idle database client error" for connections we just closed.
  p.removeAllListeners("error");
  p.on("error", () => {});
}

const statsOf = (p: pg.Pool | null, max: number) => ({ total: p?.totalCount ?? 0, idle: p?.idleCount ?? 0, waiting: p?.waitingCount ?? 0, max: p?.options.max ?? max });
export const poolStats = () => statsOf(sharedPool, intEnv("DB_POOL_MAX", 100));
export const queuePoolStats = () => statsOf(queueConnections, intEnv("DB_QUEUE_POOL_MAX", 20));

type QueryObserver = (sql: string, durationMs: number) => void;
let queryObserver: QueryObserver | null = null;
/** Lets the metrics bridge time the app's queries without this module knowing about prom-client. */
export function observeQueries(o: QueryObserver | null) { queryObserver = o; }

// Every statement is prepared once per connection under a name derived from
// its text, as Encore's runtime (tokio-postgres) does: repeated queries skip
// parsing and planning. The app's SQL texts are a fixed, finite set, so the
// parameter types PostgreSQL infers for each are probed once and kept with it.
interface Statement {
  name: string;
  /** One per parameter; undefined until probed, null when PREPARE refuses the text but the statement itself runs. */
  binders?: readonly Binder[] | null;
}
const MAX_STATEMENTS = 10_000;
const statements = new Map<string, Statement>();
function statementFor(sql: string): Statement {
  let st = statements.get(sql);
  if (!st) {
    st = { name: "s" + createHash("sha1").update(sql).digest("base64url").slice(0, 20) };
    if (statements.size < MAX_STATEMENTS) statements.set(sql, st);
  }
  return st;
}

const PROBE = "encore_standalone_probe";
/** How many probes ran (tests check the cache with it). */
export const probeStats = { count: 0 };

/**
 * The parameter types PostgreSQL infers for `sql`, read on the connection that
 * will run it (its search_path, temp tables and uncommitted DDL apply), while
 * nothing else runs on it. Inside a transaction a savepoint undoes a failed
 * PREPARE, so the transaction is as it would have been without the probe and
 * the real statement then reports its own error. Null when PREPARE refuses the text.
 */
async function probe(c: pg.ClientBase, sql: string, inTransaction: boolean): Promise<PgType[] | null> {
  probeStats.count++;
  if (inTransaction) {
    // An aborted transaction refuses the savepoint; the statement will fail the same way.
    try { await c.query(`SAVEPOINT ${PROBE}`); } catch { return null; }
  }
  let oids: number[] | null = null;
  let prepared = false;
  try {
    // Extended protocol: one statement, parsed exactly as the real query will be.
    await c.query({ text: `PREPARE ${PROBE} AS ${sql}`, queryMode: "extended" } as pg.QueryConfig);
    prepared = true;
    const { rows } = await c.query(`SELECT array_to_string(parameter_types::oid[], ',') AS oids FROM pg_prepared_statements WHERE name = '${PROBE}'`);
    oids = rows[0].oids === "" ? [] : rows[0].oids.split(",").map(Number);
  } catch {
    // PREPARE refused it (or the connection broke: the statement will say so).
  }
  if (inTransaction) await c.query(`ROLLBACK TO SAVEPOINT ${PROBE}; RELEASE SAVEPOINT ${PROBE}`);
  if (prepared) await c.query(`DEALLOCATE ${PROBE}`); // prepared statements outlive transactions
  return oids && resolveTypes((q, v) => c.query(q, v), oids);
}

type Mode = "rows" | "exec";

async function observed<T>(sql: string, run: () => Promise<T>): Promise<T> {
  if (!queryObserver) return run();
  const started = performance.now();
  try {
    return await run();
  } finally {
    queryObserver?.(sql, performance.now() - started);
  }
}

function config(st: Statement, sql: string, values: unknown[], mode: Mode): pg.QueryConfig {
  return { text: sql, values, name: st.name, types: mode === "exec" ? RAW_TYPES : ROW_TYPES };
}

function toSql(strings: TemplateStringsArray, params: unknown[]): string {
  let sql = strings[0];
  for (let i = 1; i < strings.length; i++) sql += `$${i}` + strings[i];
  return sql;
}

interface Queryable { query(config: pg.QueryConfig): Promise<pg.QueryResult> }

abstract class BaseQueryer {
  /** Runs `fn` where this handle's statements run. */
  protected abstract run<T>(fn: (c: Queryable) => Promise<T>): Promise<T>;
  /** Runs `fn` on one connection, alone on it, for probing a statement and then running it. */
  protected abstract dedicated<T>(fn: (c: pg.ClientBase, inTransaction: boolean) => Promise<T>): Promise<T>;

  /** Runs a statement with Encore's parameter binding, returning its raw result. */
  private async execute(sql: string, params: unknown[], mode: Mode): Promise<pg.QueryResult> {
    const st = statementFor(sql);
    if (params.length === 0 || st.binders !== undefined) {
      const values = st.binders ? bindParams(st.binders, params) : params;
      return this.run((c) => observed(sql, () => c.query(config(st, sql, values, mode))));
    }
    return this.dedicated(async (c, inTransaction) => {
      const types = await probe(c, sql, inTransaction);
      if (!types) {
        // PREPARE refused the text: run it as is, so it fails with its own
        // error; if it runs (a statement PREPARE cannot take, like CALL),
        // bind it without Encore's checks from now on.
        const result = await observed(sql, () => c.query(config(st, sql, params, mode)));
        st.binders = null;
        process.stderr.write(JSON.stringify({ level: "warn", time: new Date().toISOString(), message: "encore: parameter types unknown (PREPARE refused the statement); bound without Encore's value checks", sql }) + "\n");
        return result;
      }
      st.binders = types.map(binderFor);
      const values = bindParams(st.binders, params);
      return observed(sql, () => c.query(config(st, sql, values, mode)));
    });
  }

  /** Rows decoded as Encore's runtime decodes them, up to the first that fails. */
  private async rows<T>(sql: string, params: unknown[], limit?: number): Promise<{ rows: T[]; error?: Error }> {
    const result = await this.execute(sql, params, "rows");
    if (result.rows.length === 0) return { rows: [] };
    let types = result.fields.map((f) => knownType(f.dataTypeID));
    if (types.includes(undefined)) {
      types = await this.run((c) => resolveTypes((text, values) => c.query({ text, values }), result.fields.map((f) => f.dataTypeID)));
    }
    return readRows(result.fields, types as PgType[], result.rows, limit) as { rows: T[]; error?: Error };
  }

  async *query<T extends Row = Row>(strings: TemplateStringsArray, ...params: Primitive[]): AsyncGenerator<T> {
    yield* this.rawQuery<T>(toSql(strings, params), ...params);
  }
  queryAll<T extends Row = Row>(strings: TemplateStringsArray, ...params: Primitive[]): Promise<T[]> {
    return this.rawQueryAll<T>(toSql(strings, params), ...params);
  }
  queryRow<T extends Row = Row>(strings: TemplateStringsArray, ...params: Primitive[]): Promise<T | null> {
    return this.rawQueryRow<T>(toSql(strings, params), ...params);
  }
  async exec(strings: TemplateStringsArray, ...params: Primitive[]): Promise<void> {
    await this.rawExec(toSql(strings, params), ...params);
  }
  async *rawQuery<T extends Row = Row>(sql: string, ...params: Primitive[]): AsyncGenerator<T> {
    const { rows, error } = await this.rows<T>(sql, params);
    yield* rows;
    if (error) throw error;
  }
  async rawQueryAll<T extends Row = Row>(sql: string, ...params: Primitive[]): Promise<T[]> {
    const { rows, error } = await this.rows<T>(sql, params);
    if (error) throw error;
    return rows;
  }
  async rawQueryRow<T extends Row = Row>(sql: string, ...params: Primitive[]): Promise<T | null> {
    const { rows, error } = await this.rows<T>(sql, params, 1);
    if (error) throw error;
    return rows[0] ?? null;
  }
  async rawExec(sql: string, ...params: Primitive[]): Promise<void> {
    await this.execute(sql, params, "exec");
  }
}

/**
 * A connection used by one statement at a time, as Encore's runtime holds a
 * transaction's lock for each query: a probe's steps never interleave with
 * another query, and node-postgres never queues (which it deprecates).
 */
abstract class HeldConnection extends BaseQueryer {
  private tail: Promise<unknown> = Promise.resolve();
  constructor(protected readonly conn: pg.PoolClient) { super(); }
  protected serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn);
    this.tail = next.catch(() => {});
    return next;
  }
  protected abstract inTransaction(): boolean;
  protected run<T>(fn: (c: Queryable) => Promise<T>): Promise<T> {
    return this.serial(() => fn(this.usable()));
  }
  protected dedicated<T>(fn: (c: pg.ClientBase, inTransaction: boolean) => Promise<T>): Promise<T> {
    return this.serial(() => fn(this.usable(), this.inTransaction()));
  }
  protected usable(): pg.PoolClient { return this.conn; }
}

export class Transaction extends HeldConnection implements AsyncDisposable {
  private done = false;
  protected inTransaction() { return true; }
  protected usable() {
    if (this.done) throw new Error("encore: transaction already committed or rolled back");
    return this.conn;
  }
  async commit(): Promise<void> { await this.finish("COMMIT"); }
  async rollback(): Promise<void> { await this.finish("ROLLBACK"); }
  private async finish(stmt: "COMMIT" | "ROLLBACK") {
    if (this.done) return;
    this.done = true;
    await this.serial(async () => {
      try {
        await this.conn.query(stmt);
        this.conn.release();
      } catch (err) {
        // A connection that failed to end its transaction is not safe to reuse.
        this.conn.release(err as Error);
        throw err;
      }
    });
  }
  async [Symbol.asyncDispose]() { if (!this.done) await this.rollback(); }
}

export class Connection extends HeldConnection {
  private closed = false;
  // The app may BEGIN on a dedicated connection itself.
  protected inTransaction() {
    const status = (this.conn as pg.PoolClient & { getTransactionStatus(): string | null }).getTransactionStatus();
    return status === "T" || status === "E";
  }
  async close() { if (!this.closed) { this.closed = true; await this.serial(async () => this.conn.release()); } }
}

export interface SQLDatabaseConfig { migrations?: string | { path: string; source?: string } }

export const declaredDatabases: { name: string; migrationsDir?: string }[] = [];

export class SQLDatabase extends BaseQueryer {
  constructor(readonly name: string, cfg?: SQLDatabaseConfig) {
    super();
    const rel = typeof cfg?.migrations === "string" ? cfg.migrations : cfg?.migrations?.path;
    const declaringDir = callerDir(); // Encore resolves `migrations` relative to the declaring file
    declaredDatabases.push({ name, migrationsDir: rel && declaringDir ? resolve(declaringDir, rel) : undefined });
  }
  static named(name: string): SQLDatabase {
    return Object.assign(Object.create(SQLDatabase.prototype), { name }) as SQLDatabase;
  }
  get connectionString(): string { return (this.name.endsWith("_replica") && process.env.DATABASE_REPLICA_URL) || (process.env.DATABASE_URL ?? ""); }
  protected run<T>(fn: (c: Queryable) => Promise<T>): Promise<T> { return fn(poolFor(this.name)); }
  protected async dedicated<T>(fn: (c: pg.ClientBase, inTransaction: boolean) => Promise<T>): Promise<T> {
    const c = await poolFor(this.name).connect();
    try {
      return await fn(c, false);
    } finally {
      c.release();
    }
  }
  async begin(): Promise<Transaction> {
    const conn = await poolFor(this.name).connect();
    try {
      await conn.query("BEGIN");
    } catch (err) {
      conn.release(err as Error);
      throw err;
    }
    return new Transaction(conn);
  }
  async acquire(): Promise<Connection> { return new Connection(await poolFor(this.name).connect()); }
}
