import { ApiError } from "./api-client";

/** "currency: Bayview already has…" shown under the Currency field reads "Bayview already has…": the field is named by its place. */
function besideField(message: string, field: string): string {
  if (!message.startsWith(`${field}:`)) return message;
  const rest = message.slice(field.length + 1).trim();
  return rest ? rest.charAt(0).toUpperCase() + rest.slice(1) : message;
}

/** Splits a failed submission into an error for one field (when the server named it) or for the form. */
export function splitSubmitError(error: unknown, knownFields: readonly string[]): { field: string | null; fieldMessage: string | null; formMessage: string | null } {
  if (!error) return { field: null, fieldMessage: null, formMessage: null };
  if (error instanceof ApiError) {
    if (error.field && knownFields.includes(error.field)) return { field: error.field, fieldMessage: besideField(error.message, error.field), formMessage: null };
    return { field: null, fieldMessage: null, formMessage: error.message };
  }
  return { field: null, fieldMessage: null, formMessage: error instanceof Error ? error.message : "Something went wrong." };
}
