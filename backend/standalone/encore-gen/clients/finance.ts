export * from "../../../finance/api.ts";
