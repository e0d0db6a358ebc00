// `npm start`: the product on one port. With DATABASE_URL unset it runs an
// embedded PostgreSQL under .data/ and reuses it on the next start.
import "./register.ts";
import { resolve } from "node:path";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./runtime/embedded-postgres.ts";
import { APP_ROOT, startHost } from "./runtime/host.ts";

const log = (message: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(JSON.stringify({ level: "info", time: new Date().toISOString(), message, ...fields }) + "\n");

function portSetting(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new Error(`${name} must be a port number (0-65535), got ${JSON.stringify(raw)}`);
  return n;
}

async function main() {
  const port = portSetting("PORT") ?? 4000;
  let embedded: EmbeddedDatabase | null = null;
  if (!process.env.DATABASE_URL) {
    const pgPort = Number(process.env.EMBEDDED_PG_PORT ?? 5488);
    log("starting embedded PostgreSQL", { port: pgPort });
    embedded = await startEmbeddedPostgres({ dataDir: resolve(APP_ROOT, ".data/postgres"), port: pgPort, database: "hospitality" });
    process.env.DATABASE_URL = embedded.url;
  }
  let host: Awaited<ReturnType<typeof startHost>>;
  try {
    host = await startHost({ port, internalPort: portSetting("INTERNAL_PORT") });
  } catch (err) {
    process.stderr.write(`start-up failed: ${(err as Error).message}\n`);
    await embedded?.stop();
    process.exit(1);
  }
  log("listening", { url: `http://localhost:${host.port}`, database: embedded ? "embedded" : "DATABASE_URL" });

  let signals = 0;
  const shutdown = async (signal: string) => {
    if (++signals > 1) {
      process.stderr.write("second signal: exiting without draining\n");
      process.exit(1);
    }
    log("shutting down", { signal });
    await host.stop();
    await embedded?.stop();
    log("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

void main();
