import { Service } from "encore.dev/service";
import "./background.ts";
import { dbErrors } from "../shared/db-errors.ts";
import { requestTimings } from "../shared/request-timings.ts";

// Owns organisations, properties, users, roles, tokens and the auth handler.
export default new Service("auth", { middlewares: [requestTimings, dbErrors] });
