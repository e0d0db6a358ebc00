// Input schemas of the reports endpoints.
import { z } from "zod";
import { dateSchema, idSchema, monthSchema } from "../shared/validation.ts";
import { daysBetween } from "../shared/business-date.ts";

export const MAX_RANGE_DAYS = 366;

export const dailySchema = z.object({ propertyId: idSchema, date: dateSchema });
export const monthlySchema = z.object({
  propertyId: idSchema,
  month: monthSchema,
});
export const summarySchema = z.object({ date: dateSchema.optional() });
export const rangeSchema = z.object({ propertyId: idSchema, from: dateSchema, to: dateSchema }).superRefine((v, ctx) => {
  if (v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
  else if (daysBetween(v.from, v.to) + 1 > MAX_RANGE_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: `the range may cover at most ${MAX_RANGE_DAYS} days` });
});

/** Reconciliation always runs to the last stored date (a date's closing depends on every earlier one); `to` is optional and only checked for sense. */
export const reconcileSchema = z.object({ propertyId: idSchema, from: dateSchema, to: dateSchema.optional() })
  .refine((v) => !v.to || v.to >= v.from, { path: ["to"], message: "must not be before from" });

/** POST /reports/replay. */
export const replaySchema = z.object({
  propertyId: idSchema.optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  swap: z.boolean("must be true or false").default(false),
}).refine((v) => !v.from || !v.to || v.from <= v.to, { path: ["to"], message: "must not be before from" });
