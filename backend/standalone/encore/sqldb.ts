// Standalone `encore.dev/storage/sqldb` on node-postgres. Every named database
// of the app maps to the server in DATABASE_URL (this app has one database);
// tagged templates become $n parameters exactly as in Encore.
import pg from "pg";
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { callerDir } from "../runtime/header-fields.ts";

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

/** One pool per process: the roadmap's settings (max 100, min 10, idle 10 min, lifetime 1 h), each overridable. */
let sharedPool: pg.Pool | null = null;
export function pool(): pg.Pool {
  if (!sharedPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("encore: DATABASE_URL is not set; the standalone host sets it before loading services");
    sharedPool = new pg.Pool({
      connectionString,
      max: intEnv("DB_POOL_MAX", 100),
      min: intEnv("DB_POOL_MIN", 10),
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
    sharedPool.on("error", warn("idle database client error"));
    sharedPool.on("connect", (client) => client.on("error", warn("database client error")));
  }
  return sharedPool;
}

export async function closePool(): Promise<void> {
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

export function poolStats() {
  const p = sharedPool;
  return { total: p?.totalCount ?? 0, idle: p?.idleCount ?? 0, waiting: p?.waitingCount ?? 0, max: p?.options.max ?? intEnv("DB_POOL_MAX", 100) };
}

type QueryObserver = (sql: string, durationMs: number) => void;
let queryObserver: QueryObserver | null = null;
/** Lets the metrics bridge time the app's queries without this module knowing about prom-client. */
export function observeQueries(o: QueryObserver | null) { queryObserver = o; }

// Every statement is prepared once per connection under a name derived from
// its text, as Encore's runtime (tokio-postgres) does: repeated queries skip
// parsing and planning. The app's SQL texts are a fixed, finite set.
const statementNames = new Map<string, string>();
function prepared(sql: string, params: unknown[]): pg.QueryConfig {
  let name = statementNames.get(sql);
  if (!name) {
    name = "s" + createHash("sha1").update(sql).digest("base64url").slice(0, 20);
    if (statementNames.size < 10_000) statementNames.set(sql, name);
  }
  return { text: sql, values: params.map(jsonParam), name };
}

/**
 * Superseded by the strict host (which binds by the parameter types
 * PostgreSQL infers, as Encore does). Until then, the one case where
 * node-postgres would send something other than what Encore sends: Encore
 * serialises an object, or an array of objects, bound to json/jsonb itself,
 * while node-postgres would send such an array as a PostgreSQL array literal.
 * So the app passes JSON values as values (never JSON.stringify), and here
 * they become the JSON text Encore would send.
 */
function jsonParam(value: unknown): unknown {
  const plain = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
  if (plain(value) || (Array.isArray(value) && value.length > 0 && value.every(plain))) return JSON.stringify(value);
  return value;
}

async function timed(c: Queryable, sql: string, params: unknown[]): Promise<pg.QueryResult> {
  if (!queryObserver) return c.query(prepared(sql, params));
  const started = performance.now();
  try {
    return await c.query(prepared(sql, params));
  } finally {
    queryObserver?.(sql, performance.now() - started);
  }
}

function toSql(strings: TemplateStringsArray, params: unknown[]): string {
  let sql = strings[0];
  for (let i = 1; i < strings.length; i++) sql += `$${i}` + strings[i];
  return sql;
}

interface Queryable { query(config: pg.QueryConfig): Promise<pg.QueryResult> }

abstract class BaseQueryer {
  protected abstract client(): Promise<Queryable>;

  async *query<T extends Row = Row>(strings: TemplateStringsArray, ...params: Primitive[]): AsyncGenerator<T> {
    yield* await this.rawQueryAll<T>(toSql(strings, params), ...params);
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
    yield* await this.rawQueryAll<T>(sql, ...params);
  }
  async rawQueryAll<T extends Row = Row>(sql: string, ...params: Primitive[]): Promise<T[]> {
    const c = await this.client();
    return (await timed(c, sql, params)).rows as T[];
  }
  async rawQueryRow<T extends Row = Row>(sql: string, ...params: Primitive[]): Promise<T | null> {
    const rows = await this.rawQueryAll<T>(sql, ...params);
    return rows[0] ?? null;
  }
  async rawExec(sql: string, ...params: Primitive[]): Promise<void> {
    const c = await this.client();
    await timed(c, sql, params);
  }
}

export class Transaction extends BaseQueryer implements AsyncDisposable {
  private done = false;
  constructor(private readonly conn: pg.PoolClient) { super(); }
  protected async client() {
    if (this.done) throw new Error("encore: transaction already committed or rolled back");
    return this.conn;
  }
  async commit(): Promise<void> { await this.finish("COMMIT"); }
  async rollback(): Promise<void> { await this.finish("ROLLBACK"); }
  private async finish(stmt: "COMMIT" | "ROLLBACK") {
    if (this.done) return;
    this.done = true;
    try {
      await this.conn.query(stmt);
      this.conn.release();
    } catch (err) {
      // A connection that failed to end its transaction is not safe to reuse.
      this.conn.release(err as Error);
      throw err;
    }
  }
  async [Symbol.asyncDispose]() { if (!this.done) await this.rollback(); }
}

export class Connection extends BaseQueryer {
  private closed = false;
  constructor(private readonly conn: pg.PoolClient) { super(); }
  protected async client() { return this.conn; }
  async close() { if (!this.closed) { this.closed = true; this.conn.release(); } }
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
  get connectionString(): string { return process.env.DATABASE_URL ?? ""; }
  protected async client() { return pool(); }
  async begin(): Promise<Transaction> {
    const conn = await pool().connect();
    try {
      await conn.query("BEGIN");
    } catch (err) {
      conn.release(err as Error);
      throw err;
    }
    return new Transaction(conn);
  }
  async acquire(): Promise<Connection> { return new Connection(await pool().connect()); }
}
