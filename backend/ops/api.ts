import { api, APIError } from "encore.dev/api";
import { secret } from "encore.dev/config";
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkHealth, type HealthReport } from "./health.ts";
import { opsStatus, type OpsStatus } from "./status.ts";
import { exposition } from "../shared/metrics.ts";
import { caller, requireRole } from "../shared/authz.ts";
import { scrapeAllowed } from "./scrape-auth.ts";
import { writeRawError } from "../shared/raw-errors.ts";

/** Liveness and readiness: database, migrations and pub/sub. 503 with the report's details when down. */
export const health = api(
  { expose: true, method: "GET", path: "/health" },
  async (): Promise<HealthReport> => {
    const report = await checkHealth();
    if (report.status === "down") {
      throw APIError.unavailable("the service is not healthy").withDetails({ ...report });
    }
    return report;
  },
);

// Bearer token for scrapers. Unset (the local default) leaves /metrics open:
// set it wherever the port is reachable from outside (see docs/operations.md).
const opsToken = secret("OpsToken");

/** Prometheus scrape endpoint (text exposition format). Requires `Authorization: Bearer <OpsToken>` when the OpsToken secret is set. */
export const metrics = api.raw(
  { expose: true, method: "GET", path: "/metrics" },
  async (req: IncomingMessage, resp: ServerResponse) => {
    if (!scrapeAllowed(req.headers.authorization, opsToken())) {
      writeRawError(resp, APIError.unauthenticated("this endpoint requires Authorization: Bearer <OpsToken>"), "metrics", { "www-authenticate": 'Bearer realm="metrics"' });
      return;
    }
    const { text, contentType } = await exposition();
    resp.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
    resp.end(text);
  },
);

/** Alert states and the infrastructure figures behind them (pub/sub, cache, pool, corrections, outbox, HTTP). Admins only; contains no tenant data. */
export const status = api(
  { expose: true, auth: true, method: "GET", path: "/ops/status" },
  async (): Promise<OpsStatus> => {
    requireRole(caller(), "admin");
    return opsStatus();
  },
);
