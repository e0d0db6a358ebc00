import { Service } from "encore.dev/service";
import "./background.ts";
import { dbErrors } from "../shared/db-errors.ts";

// Owns revenues, expenses, approvals and the outbox that feeds the finance-events topic.
export default new Service("finance", { middlewares: [dbErrors] });
