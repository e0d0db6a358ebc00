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
  /** Why an approved entry's amount, payment mode or date changes (approved-edit.ts). */
  reason: z.string().trim().max(500, "must be at most 500 characters").transform((s) => (s === "" ? null : s)).nullish(),
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

// Day close and the editable window (day-close.ts).
const reasonSchema = z.string().trim().min(1, "is required").max(500, "must be at most 500 characters");
const optionalReason = z.string().trim().max(500, "must be at most 500 characters").transform((s) => (s === "" ? null : s)).nullish();

export const dayRefSchema = z.object({ propertyId: idSchema, date: dateSchema });
export const closeDaySchema = z.object({ propertyId: idSchema, date: dateSchema, note: optionalReason, force: z.boolean("must be true or false").optional(), reason: optionalReason });
export const reopenDaySchema = z.object({ propertyId: idSchema, date: dateSchema, reason: reasonSchema });
export const dayRangeSchema = z.object({ propertyId: idSchema, from: dateSchema, to: dateSchema })
  .refine((v) => v.from <= v.to, { path: ["to"], message: "must not be before from" })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 366 * 86_400_000, { path: ["to"], message: "must be at most 366 days after from" });
export const settingsRefSchema = z.object({ propertyId: idSchema });
export const updateSettingsSchema = z.object({
  propertyId: idSchema,
  editableDays: z.number("must be a number").int("must be a whole number of days").min(0, "must be at least 0").max(3660, "must be at most 3660 (ten years)"),
});

// Reversals and refunds (reversals.ts).
export const reverseSchema = z.object({
  kind: kindSchema,
  id: idSchema,
  reason: reasonSchema,
  amountCents: amountSchema.optional(),
  date: dateSchema.optional(),
  paymentMode: paymentModeSchema.optional(),
  bankReference: optionalText(100),
});

// Cash movements (movements.ts).
export const movementTypeSchema = z.enum(["cash_drop", "bank_deposit", "float_top_up", "paid_out"], "must be one of cash_drop, bank_deposit, float_top_up, paid_out");
export const createMovementSchema = z.object({
  propertyId: idSchema,
  movementType: movementTypeSchema,
  amountCents: amountSchema,
  date: dateSchema.optional(),
  bankReference: optionalText(100),
  description: optionalText(500),
});
export const movementRefSchema = z.object({ id: idSchema });
export const rejectMovementSchema = z.object({ id: idSchema, reason: reasonSchema });
export const listMovementsSchema = dayRangeSchema;

// Shifts (shifts.ts).
export const openShiftSchema = z.object({
  propertyId: idSchema,
  floatCents: z.number("must be a number").int("must be a whole number of cents").min(0, "must not be negative").max(MAX_AMOUNT_CENTS, "is above the maximum allowed amount"),
  blind: z.boolean("must be true or false").optional().default(false),
});
export const shiftRefSchema = z.object({ id: idSchema });
export const closeShiftSchema = z.object({
  id: idSchema,
  countedCents: z.number("must be a number").int("must be a whole number of cents").min(0, "must not be negative").max(MAX_AMOUNT_CENTS, "is above the maximum allowed amount").optional(),
  denominations: z.array(z.object({
    valueCents: z.number("must be a number").int().positive("must be greater than zero"),
    count: z.number("must be a number").int("must be a whole number").min(0, "must not be negative").max(1_000_000, "must be at most 1,000,000"),
  }), "must be a list of { valueCents, count }").min(1, "must list at least one denomination").max(50, "must list at most 50 denominations").optional(),
  note: optionalReason,
});
export const signOffSchema = z.object({ id: idSchema, note: optionalReason });
export const listShiftsSchema = z.object({ propertyId: idSchema, from: dateSchema, to: dateSchema, userId: idSchema.optional() })
  .refine((v) => v.from <= v.to, { path: ["to"], message: "must not be before from" });
