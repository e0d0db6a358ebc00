// Input schemas of the finance endpoints.
import { z } from "zod";
import { dateSchema, idSchema, instantSchema } from "../shared/validation.ts";

/** 1,000,000,000.00 in major units: far above any real hotel transaction, far below bigint limits. */
export const MAX_AMOUNT_CENTS = 100_000_000_000;

export const kindSchema = z.enum(["revenue", "expense"], "must be revenue or expense");
export const sourceSchema = z.enum(["room", "food", "beverage", "laundry", "other"], "must be one of room, food, beverage, laundry, other");
export const categorySchema = z.enum(["utilities", "supplies", "salaries", "maintenance", "food_cost", "other"], "must be one of utilities, supplies, salaries, maintenance, food_cost, other");
const amountSchema = z.number("must be a number").int("must be a whole number of cents").positive("must be greater than zero").max(MAX_AMOUNT_CENTS, "is above the maximum allowed amount");
const paymentModeSchema = z.enum(["cash", "bank"], "must be cash or bank");
const optionalText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).transform((s) => (s === "" ? null : s)).nullish();
const idempotencyKeySchema = z.string().min(1).max(200, "must be at most 200 characters").optional();

const bankNeedsReference = (v: { paymentMode?: string; bankReference?: string | null }, ctx: z.RefinementCtx) => {
  if (v.paymentMode === "bank" && !v.bankReference) ctx.addIssue({ code: "custom", path: ["bankReference"], message: "is required for bank payments" });
};

const common = {
  propertyId: idSchema,
  amountCents: amountSchema,
  paymentMode: paymentModeSchema,
  bankReference: optionalText(100),
  description: optionalText(500),
  idempotencyKey: idempotencyKeySchema,
};

export const createRevenueSchema = z.object({ ...common, source: sourceSchema, occurredAt: instantSchema }).superRefine(bankNeedsReference);
export const createExpenseSchema = z.object({ ...common, category: categorySchema, expenseDate: dateSchema }).superRefine(bankNeedsReference);

export const transactionRefSchema = z.object({ kind: kindSchema, id: idSchema });

export const updateSchema = z.object({
  kind: kindSchema,
  id: idSchema,
  amountCents: amountSchema.optional(),
  paymentMode: paymentModeSchema.optional(),
  bankReference: optionalText(100),
  description: optionalText(500),
  source: sourceSchema.optional(),
  category: categorySchema.optional(),
  occurredAt: instantSchema.optional(),
  expenseDate: dateSchema.optional(),
  expectedVersion: z.number().int().positive().optional(),
});

export const deleteSchema = z.object({ kind: kindSchema, id: idSchema, expectedVersion: z.coerce.number().int().positive().optional() });

export const rejectSchema = z.object({ kind: kindSchema, id: idSchema, reason: z.string().trim().min(1, "is required").max(500, "must be at most 500 characters") });

export const listSchema = z.object({
  propertyId: idSchema.optional(),
  kind: kindSchema.optional(),
  status: z.enum(["pending", "approved", "rejected"], "must be pending, approved or rejected").optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  paymentMode: paymentModeSchema.optional(),
  /** A revenue source or an expense category. */
  category: z.union([sourceSchema, categorySchema], "must be a revenue source or an expense category").optional(),
  createdBy: idSchema.optional(),
  /** Text in the bank reference or description, or an amount in major units with up to two decimals. */
  q: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters").optional(),
  limit: z.coerce.number("must be a number").int().min(1, "must be at least 1").max(200, "must be at most 200").default(50),
  cursor: z.string().max(100).optional(),
}).refine((v) => !v.from || !v.to || v.from <= v.to, { path: ["to"], message: "must not be before from" });
