// Starts and stops the app on the standalone host: migrations, service
// modules (found like Encore finds them: every directory with an
// encore.service.ts, and in it the files Encore's entrypoint imports),
// pub/sub workers, cron jobs, the HTTP server; and the reverse on shutdown,
// draining in-flight work at each step.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { migrate } from "./migrate.ts";
import { entrypointFiles, serviceDirs } from "./entrypoints.ts";
import { CronScheduler } from "./cron.ts";
import { nameEndpoints } from "./registry.ts";
import { createServer, endEventStreams } from "./server.ts";
import { pubsub } from "./pubsub-engine.ts";
import { startMetricsBridge, stopMetricsBridge } from "./metrics-bridge.ts";
import { closePool, declaredDatabases } from "../encore/sqldb.ts";
import { closeCacheClusters } from "../encore/cache.ts";
import { runAppShutdownHooks } from "./app-hooks.ts";
import { configureDeployment, isHosted } from "./deployment.ts";

export const APP_ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));

export interface RunningHost { server: Server; port: number; url: string; stop(): Promise<void> }

let loaded = false;

/**
 * Imports each hosted service's entrypoint files (runtime/entrypoints.ts), as
 * Encore's generated entrypoint does. A service left out of SERVICES
 * (runtime/deployment.ts) is not loaded at all: its endpoints, subscriptions,
 * cron jobs and background loops run in the process that hosts it.
 */
export async function loadServices(appRoot = APP_ROOT): Promise<string[]> {
  if (loaded) return [];
  loaded = true;
  const all = serviceDirs(join(appRoot, "backend"));
  configureDeployment(all);
  const dirs = all.filter((d) => isHosted(basename(d)));
  for (const dir of dirs) {
    for (const file of entrypointFiles(dir)) nameEndpoints(await import(pathToFileURL(file).href));
  }
  return dirs;
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

/**
 * `internalPort`: a second, loopback-only listener with the same routes, for
 * the other processes of the app (SERVICE_URLS) when `port` is shared by
 * several processes (npm run cluster runs them under node:cluster), so a
 * call passed on to this process cannot land on another one.
 */
export async function startHost(opts: { port?: number; host?: string; appRoot?: string; internalPort?: number } = {}): Promise<RunningHost> {
  const appRoot = opts.appRoot ?? APP_ROOT;
  await migrateApp(appRoot);
  await loadServices(appRoot);
  // Any database declared with migrations elsewhere than migrations/ gets them too.
  for (const d of declaredDatabases) {
    if (d.migrationsDir && resolve(d.migrationsDir) !== join(appRoot, "migrations")) await migrate(process.env.DATABASE_URL!, d.migrationsDir);
  }
  await pubsub.start({ instanceId: instanceId(appRoot, opts.port) });
  const cron = new CronScheduler();
  cron.start();
  startMetricsBridge();
  const server = await listen(opts.port ?? 0, opts.host ?? "0.0.0.0");
  const internal = opts.internalPort ? await listen(opts.internalPort, "127.0.0.1") : null;
  const port = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | null = null;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    stop: () => (stopping ??= stopHost(internal ? [server, internal] : [server], cron)),
  };
}

async function listen(port: number, host: string): Promise<Server> {
  const server = createServer();
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((res, rej) => {
    server.once("error", rej);
    server.listen(port, host, () => res());
  });
  return server;
}

/** Stop accepting requests, finish in-flight ones (bounded), drain subscriptions, run the app's hooks, close the pool. */
async function stopHost(servers: Server[], cron: CronScheduler, timeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 15_000)) {
  const closed = Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  endEventStreams();
  for (const s of servers) s.closeIdleConnections();
  const timer = setTimeout(() => { for (const s of servers) s.closeAllConnections(); }, timeoutMs);
  timer.unref();
  await closed;
  clearTimeout(timer);
  await cron.stop();
  await pubsub.stop(timeoutMs);
  await runAppShutdownHooks();
  await stopMetricsBridge();
  await closeCacheClusters();
  await closePool();
}
