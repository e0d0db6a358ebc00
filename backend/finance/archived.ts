// An archived property (auth's properties.archived_at) is kept for its
// reports and takes no new entries: revenue and expense creates (the create
// statement in create-row.ts checks it as it writes) and cash movements.
import { APIError } from "encore.dev/api";

export const archivedError = (propertyId: string) =>
  APIError.failedPrecondition(`property ${propertyId} is archived: it takes no new entries (an admin can restore it in Properties)`)
    .withDetails({ reason: "property_archived" });
