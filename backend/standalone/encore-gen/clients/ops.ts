export * from "../../../ops/api.ts";
