import { ApiError } from "./api-client";

/** Splits a failed submission into an error for one field (when the server named it) or for the form. */
export function splitSubmitError(error: unknown, knownFields: readonly string[]): { field: string | null; fieldMessage: string | null; formMessage: string | null } {
  if (!error) return { field: null, fieldMessage: null, formMessage: null };
  if (error instanceof ApiError) {
    if (error.field && knownFields.includes(error.field)) return { field: error.field, fieldMessage: error.message, formMessage: null };
    return { field: null, fieldMessage: null, formMessage: error.message };
  }
  return { field: null, fieldMessage: null, formMessage: error instanceof Error ? error.message : "Something went wrong." };
}
