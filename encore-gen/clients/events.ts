export * from "../../backend/events/api.ts";
