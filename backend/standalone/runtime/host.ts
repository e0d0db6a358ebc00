// Starts and stops the app on the standalone host: migrations, service
// modules (found like Encore finds them: every directory with an
// encore.service.ts), pub/sub workers, the HTTP server; and the reverse on
// shutdown, draining in-flight work at each step.
import { existsSync, readdirSync, statSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { migrate } from "./migrate.ts";
import { createServer, endEventStreams } from "./server.ts";
import { pubsub } from "./pubsub-engine.ts";
import { startMetricsBridge, stopMetricsBridge } from "./metrics-bridge.ts";
import { closePool, declaredDatabases } from "../encore/sqldb.ts";
import { runAppShutdownHooks } from "./app-hooks.ts";

export const APP_ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));

export interface RunningHost { server: Server; port: number; url: string; stop(): Promise<void> }

let loaded = false;

/** Imports every service's modules, as the Encore parser reads every file of a service. */
export async function loadServices(appRoot = APP_ROOT): Promise<string[]> {
  if (loaded) return [];
  loaded = true;
  const serviceDirs = findServiceDirs(join(appRoot, "backend"));
  for (const dir of serviceDirs) {
    for (const file of serviceFiles(dir)) await import(pathToFileURL(file).href);
  }
  return serviceDirs;
}

function findServiceDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    if (statSync(dir).isDirectory() && existsSync(join(dir, "encore.service.ts"))) out.push(dir);
  }
  return out.sort();
}

function serviceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".") || name === "node_modules" || name === "__tests__") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...serviceFiles(p));
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.endsWith(".spec.ts") && !name.endsWith(".d.ts")) out.push(p);
  }
  // encore.service.ts first, as Encore initialises the service before its endpoints.
  return out.sort((a, b) => Number(b.endsWith("encore.service.ts")) - Number(a.endsWith("encore.service.ts")));
}

/**
 * Who this process is to the pub/sub engine, the same across its restarts so
 * it can take back at once what it held when it died: INSTANCE_ID if set
 * (where host names change on restart, e.g. a replacement container, give
 * each replica a stable one), else host name, app directory (where .data
 * lives) and port. Without a fixed port (tests, port 0) it is a new instance
 * each start; the heartbeat of others still recovers its deliveries.
 */
export function instanceId(appRoot: string, port: number | undefined): string | undefined {
  if (process.env.INSTANCE_ID) return process.env.INSTANCE_ID;
  return port ? `${hostname()}:${appRoot}:${port}` : undefined;
}

export async function migrateApp(appRoot = APP_ROOT) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  return migrate(url, join(appRoot, "migrations"));
}

export async function startHost(opts: { port?: number; host?: string; appRoot?: string } = {}): Promise<RunningHost> {
  const appRoot = opts.appRoot ?? APP_ROOT;
  await migrateApp(appRoot);
  await loadServices(appRoot);
  // Any database declared with migrations elsewhere than migrations/ gets them too.
  for (const d of declaredDatabases) {
    if (d.migrationsDir && resolve(d.migrationsDir) !== join(appRoot, "migrations")) await migrate(process.env.DATABASE_URL!, d.migrationsDir);
  }
  await pubsub.start({ instanceId: instanceId(appRoot, opts.port) });
  startMetricsBridge();
  const server = createServer();
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((res, rej) => {
    server.once("error", rej);
    server.listen(opts.port ?? 0, opts.host ?? "0.0.0.0", () => res());
  });
  const port = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | null = null;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    stop: () => (stopping ??= stopHost(server)),
  };
}

/** Stop accepting requests, finish in-flight ones (bounded), drain subscriptions, run the app's hooks, close the pool. */
async function stopHost(server: Server, timeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 15_000)) {
  const closed = new Promise<void>((r) => server.close(() => r()));
  endEventStreams();
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
  timer.unref();
  await closed;
  clearTimeout(timer);
  await pubsub.stop(timeoutMs);
  await runAppShutdownHooks();
  await stopMetricsBridge();
  await closePool();
}
