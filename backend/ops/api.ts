import { api, APIError } from "encore.dev/api";
import { checkHealth, type HealthReport } from "./health.ts";

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
