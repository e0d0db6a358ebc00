// The `encore.dev` subset and generated `~encore/*` modules the standalone
// host provides, keyed by the specifier service code imports. Shared by the
// Node resolve hook (`npm start`) and the Vitest alias (tests) so both hosts
// map exactly the same modules.
import { fileURLToPath } from "node:url";

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

export const encoreAliases: Record<string, string> = {
  "encore.dev/api": here("./encore/api.ts"),
  "encore.dev/auth": here("./encore/auth.ts"),
  "encore.dev/config": here("./encore/config.ts"),
  "encore.dev/log": here("./encore/log.ts"),
  "encore.dev/metrics": here("./encore/metrics.ts"),
  "encore.dev/pubsub": here("./encore/pubsub.ts"),
  "encore.dev/service": here("./encore/service.ts"),
  "encore.dev/storage/cache": here("./encore/cache.ts"),
  "encore.dev/storage/sqldb": here("./encore/sqldb.ts"),
  "encore.dev/types": here("./encore/types.ts"),
  "~encore/auth": here("./encore-gen/auth.ts"),
  "~encore/clients": here("./encore-gen/clients.ts"),
};
