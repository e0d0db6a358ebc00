export * from "../../backend/ops/api.ts";
