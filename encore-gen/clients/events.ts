// Stand-in for the CLI-generated client of the events service (see ../clients.ts).
// A hosted service is imported only when first called, so a process that does not
// host it never loads its code; otherwise the call goes through the runtime.
import { client } from "./hosted.ts";
import type * as m0 from "../../backend/events/api.ts";
import type * as m1 from "../../backend/events/cash-deltas-api.ts";

export const streamTicket = client<typeof m0.streamTicket>("events", "streamTicket", () => import("../../backend/events/api.ts"));
export const audit = client<typeof m0.audit>("events", "audit", () => import("../../backend/events/api.ts"));
export const cashDeltas = client<typeof m1.cashDeltas>("events", "cashDeltas", () => import("../../backend/events/cash-deltas-api.ts"));
export type * from "../../backend/events/api.ts";
export type * from "../../backend/events/cash-deltas-api.ts";
