// Stand-in for the CLI-generated client of the finance service (see ../clients.ts).
// A hosted service is imported only when first called, so a process that does not
// host it never loads its code; otherwise the call goes through the runtime.
import { client } from "./hosted.ts";
import type * as m0 from "../../backend/finance/api.ts";
import type * as m1 from "../../backend/finance/days-api.ts";
import type * as m2 from "../../backend/finance/housekeeping.ts";
import type * as m3 from "../../backend/finance/movements-api.ts";
import type * as m4 from "../../backend/finance/pipeline-progress.ts";
import type * as m5 from "../../backend/finance/property-usage.ts";
import type * as m6 from "../../backend/finance/reversals-api.ts";
import type * as m7 from "../../backend/finance/shifts-api.ts";

export const createRevenue = client<typeof m0.createRevenue>("finance", "createRevenue", () => import("../../backend/finance/api.ts"));
export const createExpense = client<typeof m0.createExpense>("finance", "createExpense", () => import("../../backend/finance/api.ts"));
export const listTransactions = client<typeof m0.listTransactions>("finance", "listTransactions", () => import("../../backend/finance/api.ts"));
export const getTransaction = client<typeof m0.getTransaction>("finance", "getTransaction", () => import("../../backend/finance/api.ts"));
export const approveTransaction = client<typeof m0.approveTransaction>("finance", "approveTransaction", () => import("../../backend/finance/api.ts"));
export const rejectTransaction = client<typeof m0.rejectTransaction>("finance", "rejectTransaction", () => import("../../backend/finance/api.ts"));
export const updateTransaction = client<typeof m0.updateTransaction>("finance", "updateTransaction", () => import("../../backend/finance/api.ts"));
export const deleteTransaction = client<typeof m0.deleteTransaction>("finance", "deleteTransaction", () => import("../../backend/finance/api.ts"));
export const getDay = client<typeof m1.getDay>("finance", "getDay", () => import("../../backend/finance/days-api.ts"));
export const closeDay = client<typeof m1.closeDay>("finance", "closeDay", () => import("../../backend/finance/days-api.ts"));
export const reopenDay = client<typeof m1.reopenDay>("finance", "reopenDay", () => import("../../backend/finance/days-api.ts"));
export const listDays = client<typeof m1.listDays>("finance", "listDays", () => import("../../backend/finance/days-api.ts"));
export const getFinanceSettings = client<typeof m1.getFinanceSettings>("finance", "getFinanceSettings", () => import("../../backend/finance/days-api.ts"));
export const updateFinanceSettings = client<typeof m1.updateFinanceSettings>("finance", "updateFinanceSettings", () => import("../../backend/finance/days-api.ts"));
export const pruneIdempotency = client<typeof m2.pruneIdempotency>("finance", "pruneIdempotency", () => import("../../backend/finance/housekeeping.ts"));
export const createMovement = client<typeof m3.createMovement>("finance", "createMovement", () => import("../../backend/finance/movements-api.ts"));
export const listMovements = client<typeof m3.listMovements>("finance", "listMovements", () => import("../../backend/finance/movements-api.ts"));
export const approveMovement = client<typeof m3.approveMovement>("finance", "approveMovement", () => import("../../backend/finance/movements-api.ts"));
export const rejectMovement = client<typeof m3.rejectMovement>("finance", "rejectMovement", () => import("../../backend/finance/movements-api.ts"));
export const deleteMovement = client<typeof m3.deleteMovement>("finance", "deleteMovement", () => import("../../backend/finance/movements-api.ts"));
export const pipelineProgress = client<typeof m4.pipelineProgress>("finance", "pipelineProgress", () => import("../../backend/finance/pipeline-progress.ts"));
export const propertyUsage = client<typeof m5.propertyUsage>("finance", "propertyUsage", () => import("../../backend/finance/property-usage.ts"));
export const reverseTransaction = client<typeof m6.reverseTransaction>("finance", "reverseTransaction", () => import("../../backend/finance/reversals-api.ts"));
export const openShift = client<typeof m7.openShift>("finance", "openShift", () => import("../../backend/finance/shifts-api.ts"));
export const listShifts = client<typeof m7.listShifts>("finance", "listShifts", () => import("../../backend/finance/shifts-api.ts"));
export const getShift = client<typeof m7.getShift>("finance", "getShift", () => import("../../backend/finance/shifts-api.ts"));
export const closeShift = client<typeof m7.closeShift>("finance", "closeShift", () => import("../../backend/finance/shifts-api.ts"));
export const signOffShift = client<typeof m7.signOffShift>("finance", "signOffShift", () => import("../../backend/finance/shifts-api.ts"));
export type * from "../../backend/finance/api.ts";
export type * from "../../backend/finance/days-api.ts";
export type * from "../../backend/finance/housekeeping.ts";
export type * from "../../backend/finance/movements-api.ts";
export type * from "../../backend/finance/pipeline-progress.ts";
export type * from "../../backend/finance/property-usage.ts";
export type * from "../../backend/finance/reversals-api.ts";
export type * from "../../backend/finance/shifts-api.ts";
