// Stand-in for the CLI-generated client of the reports service (see ../clients.ts).
// A hosted service is imported only when first called, so a process that does not
// host it never loads its code; otherwise the call goes through the runtime.
import { client } from "./hosted.ts";
import type * as m0 from "../../backend/reports/api.ts";
import type * as m1 from "../../backend/reports/fold-progress.ts";
import type * as m2 from "../../backend/reports/housekeeping.ts";
import type * as m3 from "../../backend/reports/replay-api.ts";
import type * as m4 from "../../backend/reports/attention-counts.ts";

export const daily = client<typeof m0.daily>("reports", "daily", () => import("../../backend/reports/api.ts"));
export const cashiers = client<typeof m0.cashiers>("reports", "cashiers", () => import("../../backend/reports/api.ts"));
export const monthly = client<typeof m0.monthly>("reports", "monthly", () => import("../../backend/reports/api.ts"));
export const summary = client<typeof m0.summary>("reports", "summary", () => import("../../backend/reports/api.ts"));
export const analytics = client<typeof m0.analytics>("reports", "analytics", () => import("../../backend/reports/api.ts"));
export const reconcile = client<typeof m0.reconcile>("reports", "reconcile", () => import("../../backend/reports/api.ts"));
export const foldProgress = client<typeof m1.foldProgress>("reports", "foldProgress", () => import("../../backend/reports/fold-progress.ts"));
export const pruneProcessed = client<typeof m2.pruneProcessed>("reports", "pruneProcessed", () => import("../../backend/reports/housekeeping.ts"));
export const replay = client<typeof m3.replay>("reports", "replay", () => import("../../backend/reports/replay-api.ts"));
export const discrepancyDayCount = client<typeof m4.discrepancyDayCount>("reports", "discrepancyDayCount", () => import("../../backend/reports/attention-counts.ts"));
export type * from "../../backend/reports/api.ts";
export type * from "../../backend/reports/fold-progress.ts";
export type * from "../../backend/reports/housekeeping.ts";
export type * from "../../backend/reports/replay-api.ts";
export type * from "../../backend/reports/attention-counts.ts";
