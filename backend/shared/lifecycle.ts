// Shutdown hooks for the app's background work (outbox relay, batchers,
// invalidation queues): each stops taking work and drains what it holds.
import log from "encore.dev/log";

type Hook = { name: string; fn: () => Promise<void> };

const hooks: Hook[] = [];
let running: Promise<void> | null = null;

export function onShutdown(name: string, fn: () => Promise<void>): void {
  hooks.push({ name, fn });
}

/** Runs every hook once, latest registered first; a failing hook does not stop the others. */
export function runShutdownHooks(): Promise<void> {
  running ??= (async () => {
    for (const h of [...hooks].reverse()) {
      try {
        await h.fn();
      } catch (err) {
        log.error(err, `shutdown hook ${h.name} failed`);
      }
    }
  })();
  return running;
}

// The standalone host drains its subscriptions, then calls every function in
// this well-known list before it closes the pool; it never imports app code,
// so the app puts its hooks where the host looks. Under the Encore runtime
// nothing reads the list, and SIGTERM starts the hooks instead.
const HOST_SHUTDOWN = Symbol.for("encore.standalone.shutdown");
type HostHooks = { [HOST_SHUTDOWN]?: (() => Promise<void>)[] };
((globalThis as HostHooks)[HOST_SHUTDOWN] ??= []).push(runShutdownHooks);
if (process.env.ENCORE_RUNTIME_LIB) {
  process.once("SIGTERM", () => void runShutdownHooks());
}

/**
 * Runs `fn` every `intervalMs` (never two at once), logs its failures, and
 * stops — waiting for a run in progress — at shutdown.
 */
export function every(name: string, intervalMs: number, fn: () => Promise<unknown>): void {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    running ??= fn()
      .catch((err) => log.warn(err, `${name} failed; next run in ${intervalMs} ms`))
      .finally(() => { running = null; });
  }, intervalMs);
  timer.unref();
  onShutdown(name, async () => {
    clearInterval(timer);
    await running;
  });
}
