import { Service } from "encore.dev/service";
import "./background.ts";
import { dbErrors } from "../shared/db-errors.ts";
import { requestTimings } from "../shared/request-timings.ts";

// Owns the event store (audit trail), the live dashboard stream and projection replay.
export default new Service("events", { middlewares: [requestTimings, dbErrors] });
