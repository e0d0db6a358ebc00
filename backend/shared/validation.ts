// Request validation with zod. A failure becomes 400 invalid_argument whose
// message names the field, so a person (and a form) knows what to fix.
import { APIError } from "encore.dev/api";
import { z } from "zod";
import { canonicalId, isId } from "./ids.ts";

/**
 * Every endpoint that takes input passes it through here, so this is where
 * the checks that hold for every field of every endpoint live: today, that
 * no string carries a NUL character (PostgreSQL cannot store one in text and
 * answers 22021, which would otherwise be a 500 wherever a string reaches SQL).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const nul = pathOfNul(input);
  if (nul !== null) {
    const field = nul || "request";
    throw APIError.invalidArgument(`${field}: must not contain a NUL character (\\u0000)`).withDetails({
      field,
      issues: [{ field, message: "must not contain a NUL character" }],
    });
  }
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join(".") || "request";
  throw APIError.invalidArgument(`${field}: ${issue.message}`).withDetails({
    field,
    issues: result.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
  });
}

/**
 * The dotted path of the first string (value or key) holding U+0000, "" for
 * the input itself, or null if there is none. Iterative, so a deeply nested
 * body cannot overflow the stack.
 */
export function pathOfNul(input: unknown): string | null {
  const stack: [unknown, string][] = [[input, ""]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      if (v.includes("\u0000")) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], path ? `${path}.${i}` : String(i)]);
    } else if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v).reverse()) {
        const p = path ? `${path}.${k}` : k;
        if (k.includes("\u0000")) return p.replaceAll("\u0000", "\\u0000");
        stack.push([child, p]);
      }
    }
  }
  return null;
}

/**
 * Ids are UUID strings (uuid columns). Any case is accepted and the lowercase
 * form is what handlers see, because that is what PostgreSQL returns and what
 * access lists (AuthData.propertyIds) hold: "0190…-ABCD" and "0190…-abcd" name
 * the same property.
 */
export const idSchema = z.string().refine(isId, "must be an id").transform(canonicalId);

/**
 * The one window every date and instant of the API must fall in. It covers any
 * business date a hotel could book here (imports of old books included) and
 * keeps date arithmetic on four-digit years: outside it a day's successor can
 * format as "+10000-01-01" (which sorts before "9999-…") or a year as "1".
 */
export const DATE_WINDOW = { from: "2000-01-01", to: "2099-12-31" } as const;
const windowMessage = `must be between ${DATE_WINDOW.from} and ${DATE_WINDOW.to}`;

export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
  .refine((s) => {
    const d = new Date(s + "T00:00:00Z");
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "is not a real calendar date")
  .refine((s) => s >= DATE_WINDOW.from && s <= DATE_WINDOW.to, windowMessage);

export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month as YYYY-MM")
  .refine((s) => s >= DATE_WINDOW.from.slice(0, 7) && s <= DATE_WINDOW.to.slice(0, 7), windowMessage);

/** An ISO 8601 instant with an explicit offset, inside the window in UTC (a day's margin either side for offsets). */
export const instantSchema = z
  .iso.datetime({ offset: true, message: "must be an ISO 8601 timestamp with a time zone, e.g. 2026-11-25T09:30:00+05:30" })
  .refine((s) => {
    const t = Date.parse(s);
    if (Number.isNaN(t)) return true; // the format check above has already said what is wrong
    const utc = new Date(t).toISOString().slice(0, 10);
    return utc >= DATE_WINDOW.from && utc <= DATE_WINDOW.to;
  }, windowMessage);

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
