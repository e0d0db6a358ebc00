// One app instance in its own process, for tests with several instances on one
// database (and Redis): starts the standalone host on a free loopback port,
// prints "listening <url>", and stops cleanly on SIGTERM. PORT fixes the
// port, for processes that must know each other's address (SERVICE_URLS).
// Run with `node --import tsx --import ./backend/standalone/register.ts`.
import { startHost } from "../runtime/host.ts";

const host = await startHost({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
process.stdout.write(`listening ${host.url}\n`);
process.on("SIGTERM", () => {
  void host.stop().then(() => process.exit(0), () => process.exit(1));
});
