import { Service } from "encore.dev/service";
import "./background.ts";
import { dbErrors } from "../shared/db-errors.ts";
import { requestTimings } from "../shared/request-timings.ts";

// Owns the daily cash book projection, reconciliation, the reports cache and the reports API.
export default new Service("reports", { middlewares: [requestTimings, dbErrors] });
