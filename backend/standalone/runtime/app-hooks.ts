// What the host offers the app without importing it: a well-known list the
// app adds its shutdown work to (backend/shared/lifecycle.ts does), run after
// the subscriptions have drained and before the pool closes.
const SHUTDOWN = Symbol.for("encore.standalone.shutdown");
type WithHooks = { [SHUTDOWN]?: (() => Promise<void>)[] };

/** Runs every registered hook in turn; one that fails is logged and the rest still run. */
export async function runAppShutdownHooks(): Promise<void> {
  for (const hook of (globalThis as WithHooks)[SHUTDOWN] ?? []) {
    try {
      await hook();
    } catch (err) {
      process.stderr.write(JSON.stringify({ level: "error", time: new Date().toISOString(), message: "app shutdown hook failed", error: (err as Error).message }) + "\n");
    }
  }
}
