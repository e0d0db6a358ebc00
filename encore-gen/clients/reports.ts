export * from "../../backend/reports/api.ts";
export { exportCsv } from "../../backend/reports/export.ts";
export * from "../../backend/reports/fold-progress.ts";
export * from "../../backend/reports/replay-api.ts";
