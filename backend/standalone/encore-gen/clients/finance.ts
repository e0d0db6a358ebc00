export * from "../../../finance/api.ts";
export * from "../../../finance/property-usage.ts";
