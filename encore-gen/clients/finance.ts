export * from "../../backend/finance/api.ts";
