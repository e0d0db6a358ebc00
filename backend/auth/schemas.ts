// Input schemas of the auth service's endpoints.
import { z } from "zod";
import { currencySchema, idSchema, timezoneSchema } from "../shared/validation.ts";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./passwords.ts";

const MAX_CENTS = 1_000_000_000_000; // ten billion in major units: a sanity ceiling

export const emailSchema = z.string().trim().max(254, "must be at most 254 characters").pipe(z.email("must be a valid email address"));
export const passwordSchema = z.string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);
export const nameSchema = z.string().trim().min(1, "is required").max(200, "must be at most 200 characters");
export const roleSchema = z.enum(["admin", "manager", "staff"], "must be admin, manager or staff");

export const signupSchema = z.object({
  organizationName: nameSchema,
  email: emailSchema,
  password: passwordSchema,
  displayName: nameSchema,
});

export const loginSchema = z.object({
  email: z.string().trim().min(1, "is required").max(254),
  password: z.string().min(1, "is required").max(MAX_PASSWORD_LENGTH),
});

export const refreshSchema = z.object({ refreshToken: z.string().min(1, "is required").max(200) });

export const openingCashSchema = z.number("must be a number").int("must be a whole number of cents").min(0, "must not be negative").max(MAX_CENTS, "is too large");

export const createPropertySchema = z.object({
  name: nameSchema,
  timezone: timezoneSchema.default("Asia/Kolkata"),
  currency: currencySchema.default("INR"),
  openingCashCents: openingCashSchema.default(0),
});

export const updatePropertySchema = z.object({
  id: idSchema,
  name: nameSchema.optional(),
  timezone: timezoneSchema.optional(),
  currency: currencySchema.optional(),
  openingCashCents: openingCashSchema.optional(),
  archived: z.boolean("must be true or false").optional(),
});

export const unlockUserSchema = z.object({
  id: idSchema,
  reason: z.string().trim().min(1, "is required: say why the account is unlocked").max(500, "must be at most 500 characters"),
});

export const listLocksSchema = z.object({
  limit: z.coerce.number("must be a number").int("must be a whole number").min(1, "must be at least 1").max(500, "must be at most 500").default(100),
});

export const createUserSchema = z.object({
  email: emailSchema,
  displayName: nameSchema,
  password: passwordSchema,
  role: roleSchema,
  propertyIds: z.array(idSchema).max(1000).default([]),
});

export const updateUserSchema = z.object({
  id: idSchema,
  displayName: nameSchema.optional(),
  role: roleSchema.optional(),
  propertyIds: z.array(idSchema).max(1000).optional(),
  active: z.boolean("must be true or false").optional(),
  password: passwordSchema.optional(),
});
