// Applies Encore-named migrations (`N_name.up.sql`) in order, recording the
// version in `schema_migrations (version, dirty)` as Encore's golang-migrate
// does. An advisory lock makes concurrent starters safe: one applies, the
// others wait and then find nothing to do. Each file runs in its own
// transaction; a failure stops start-up naming the file.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

const MIGRATION_FILE = /^(\d+)_([^.]+)\.up\.sql$/;

export interface Migration { version: number; name: string; file: string }

export function listMigrations(dir: string): Migration[] {
  const found: Migration[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.endsWith(".sql")) continue;
    const m = f.match(MIGRATION_FILE);
    if (!m) {
      if (f.endsWith(".down.sql")) continue;
      throw new Error(`migration file ${f} does not match N_name.up.sql`);
    }
    found.push({ version: Number(m[1]), name: m[2], file: join(dir, f) });
  }
  found.sort((a, b) => a.version - b.version);
  for (let i = 1; i < found.length; i++) {
    if (found[i].version === found[i - 1].version) throw new Error(`two migrations share version ${found[i].version}`);
  }
  return found;
}

export async function migrate(connectionString: string, dir: string): Promise<{ applied: number[]; version: number }> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const applied: number[] = [];
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('schema_migrations'))");
    await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)");
    const { rows } = await client.query("SELECT version::int AS version, dirty FROM schema_migrations LIMIT 1");
    if (rows[0]?.dirty) throw new Error(`database is marked dirty at migration ${rows[0].version}; fix it by hand and clear the flag`);
    let current: number = rows[0]?.version ?? 0;
    for (const m of listMigrations(dir)) {
      if (m.version <= current) continue;
      const sql = readFileSync(m.file, "utf8");
      try {
        await client.query("BEGIN");
        await client.query(sql);
        await client.query("DELETE FROM schema_migrations");
        await client.query("INSERT INTO schema_migrations (version, dirty) VALUES ($1, false)", [m.version]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw new Error(`migration ${m.version}_${m.name}.up.sql failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(m.version);
      current = m.version;
    }
    return { applied, version: current };
  } finally {
    await client.query("SELECT pg_advisory_unlock_all()").catch(() => {});
    await client.end();
  }
}
