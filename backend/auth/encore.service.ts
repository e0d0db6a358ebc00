import { Service } from "encore.dev/service";
import "./background.ts";
import { dbErrors } from "../shared/db-errors.ts";

// Owns organisations, properties, users, roles, tokens and the auth handler.
export default new Service("auth", { middlewares: [dbErrors] });
