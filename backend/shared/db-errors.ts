// Translates PostgreSQL constraint violations into API errors, keeping the
// original as the cause (logs keep the detail, clients get a clear message).
import { APIError } from "encore.dev/api";

const messages: Record<string, (e: PgError) => APIError> = {
  "23505": (e) => APIError.alreadyExists(`already exists (${e.constraint ?? "unique constraint"})`, e),
  "23503": (e) => APIError.notFound(`a referenced record does not exist (${e.constraint ?? "foreign key"})`, e),
  "23514": (e) => APIError.invalidArgument(`a value is out of range (${e.constraint ?? "check constraint"})`, e),
  "22P02": (e) => APIError.invalidArgument("a value has the wrong format", e),
  "22003": (e) => APIError.invalidArgument("a number is too large", e),
};

interface PgError extends Error { code?: string; constraint?: string }

export function translateDbError(err: unknown): unknown {
  const e = err as PgError;
  if (e && typeof e.code === "string" && messages[e.code]) return messages[e.code](e);
  return err;
}

/** Runs fn and rethrows constraint violations as API errors. */
export async function withDbErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw translateDbError(err);
  }
}
