import { Service } from "encore.dev/service";

// Owns revenues, expenses, approvals and the outbox that feeds the finance-events topic.
export default new Service("finance");
