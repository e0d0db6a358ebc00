export * from "../../backend/finance/api.ts";
export * from "../../backend/finance/pipeline-progress.ts";
export * from "../../backend/finance/property-usage.ts";
export { cashSource } from "../../backend/finance/cash-source.ts";
