export * from "../../../reports/api.ts";
export { exportCsv } from "../../../reports/export.ts";
