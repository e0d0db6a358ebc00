import { Service } from "encore.dev/service";

// Owns the daily cash book projection, reconciliation, the reports cache and the reports API.
export default new Service("reports");
