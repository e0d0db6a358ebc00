// The `encore.dev` subset the standalone host provides, and where the app's
// stand-ins for the CLI-generated `~encore/*` modules live (encore-gen/ at the
// app root, as the CLI's encore.gen/ is), keyed by the specifier service code
// imports. Shared by the Node resolve hook (`npm start`) and the Vitest alias
// (tests) so both map exactly the same modules.
import { fileURLToPath } from "node:url";

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

export const encoreAliases: Record<string, string> = {
  "encore.dev/api": here("./encore/api.ts"),
  "encore.dev/auth": here("./encore/auth.ts"),
  "encore.dev/config": here("./encore/config.ts"),
  "encore.dev/cron": here("./encore/cron.ts"),
  "encore.dev/log": here("./encore/log.ts"),
  "encore.dev/metrics": here("./encore/metrics.ts"),
  "encore.dev/pubsub": here("./encore/pubsub.ts"),
  "encore.dev/service": here("./encore/service.ts"),
  "encore.dev/storage/cache": here("./encore/cache.ts"),
  "encore.dev/storage/sqldb": here("./encore/sqldb.ts"),
  "encore.dev/types": here("./encore/types.ts"),
  "encore.dev/internal/codegen/api": here("./encore/internal/codegen/api.ts"),
  "encore.dev/internal/codegen/auth": here("./encore/internal/codegen/auth.ts"),
  "~encore/auth": here("../../encore-gen/auth.ts"),
  "~encore/clients": here("../../encore-gen/clients.ts"),
};
