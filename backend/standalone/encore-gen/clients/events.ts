export * from "../../../events/api.ts";
