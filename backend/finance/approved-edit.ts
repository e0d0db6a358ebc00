// The approved-edit rule: changing the amount, payment mode or date of an
// approved entry needs a reason and sends the entry back to pending, for
// approval by someone other than the editor (the ledger records the editor in
// money_edited_by, which assertReviewable checks). Once its day is closed the
// entry cannot be edited at all; it is corrected by a reversal.
import { APIError } from "encore.dev/api";
import type { TransactionSnapshot } from "./topics.ts";

export function sentBackForApproval(next: TransactionSnapshot, reason: string | null | undefined, editorUserId: string) {
  if (!reason) {
    throw APIError.invalidArgument(
      "reason: is required to change the amount, payment mode or date of an approved entry (the change goes back for approval by someone else)",
    ).withDetails({ field: "reason" });
  }
  return {
    ...next, status: "pending" as const, approvedByUserId: null,
    editedByUserId: editorUserId, moneyEdited: true, reason,
  };
}
