import { Service } from "encore.dev/service";
import "./background.ts";
import { dbErrors } from "../shared/db-errors.ts";
import { requestTimings } from "../shared/request-timings.ts";

// Owns revenues, expenses, approvals and the outbox that feeds the finance-events topic.
export default new Service("finance", { middlewares: [requestTimings, dbErrors] });
