export * from "../../backend/events/api.ts";
export { cashDeltas } from "../../backend/events/cash-deltas-api.ts";
