// Input schemas of the events endpoints.
import { z } from "zod";
import { DATE_WINDOW, dateSchema, idSchema, instantSchema } from "../shared/validation.ts";

export const AUDIT_MAX_LIMIT = 200;

const EVENT_TYPES = [
  "transaction.created", "transaction.approved", "transaction.rejected", "transaction.updated", "transaction.deleted",
  "day.closed", "day.reopened", "shift.opened", "shift.closed", "shift.signed_off",
] as const;
const eventTypeSchema = z.enum(EVENT_TYPES, `must be one of ${EVENT_TYPES.join(", ")}`);

/** A date (that whole UTC day) or an ISO 8601 instant. */
const boundSchema = z.union([dateSchema, instantSchema], `must be a date YYYY-MM-DD or an ISO 8601 timestamp, between ${DATE_WINDOW.from} and ${DATE_WINDOW.to}`);

export const auditSchema = z.object({
  transactionId: idSchema.optional(),
  propertyId: idSchema.optional(),
  userId: idSchema.optional(),
  type: eventTypeSchema.optional(),
  from: boundSchema.optional(),
  to: boundSchema.optional(),
  limit: z.coerce.number("must be a number").int("must be a whole number").min(1, "must be at least 1").max(AUDIT_MAX_LIMIT, `must be at most ${AUDIT_MAX_LIMIT}`).default(50),
  cursor: z.string().max(100).optional(),
});
