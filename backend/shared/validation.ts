// Request validation with zod. A failure becomes 400 invalid_argument whose
// message names the field, so a person (and a form) knows what to fix.
import { APIError } from "encore.dev/api";
import { z } from "zod";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join(".") || "request";
  throw APIError.invalidArgument(`${field}: ${issue.message}`).withDetails({
    field,
    issues: result.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
  });
}

/** Ids travel as strings of digits (bigint identity columns). */
export const idSchema = z.string().regex(/^[1-9]\d{0,17}$/, "must be an id");

export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
  .refine((s) => {
    const d = new Date(s + "T00:00:00Z");
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "is not a real calendar date");

export const timezoneSchema = z.string().max(64).refine(isTimeZone, "must be an IANA time zone such as Asia/Kolkata");

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz.includes("/") || tz === "UTC";
  } catch {
    return false;
  }
}

const currencies = new Set(Intl.supportedValuesOf("currency"));
export const currencySchema = z.string().refine((c) => currencies.has(c), "must be an ISO 4217 currency code such as INR");
