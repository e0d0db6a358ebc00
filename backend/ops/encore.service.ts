import { Service } from "encore.dev/service";
import "./background.ts";
import { dbErrors } from "../shared/db-errors.ts";
import { requestTimings } from "../shared/request-timings.ts";

// Owns operability: the health check, metrics and alert state.
export default new Service("ops", { middlewares: [requestTimings, dbErrors] });
