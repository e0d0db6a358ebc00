// What each role may do in the UI. The server enforces the same rules; this only hides what would fail.
import type { Role, SessionUser, Transaction } from "./api-types";

export type Area = "today" | "transactions" | "approvals" | "dailyReport" | "monthlyReport" | "settings" | "operations" | "cashiering";

// Cashiering: staff open and count their shifts; closing a day is for managers (the page hides it from staff).
const AREAS_BY_ROLE: Record<Role, readonly Area[]> = {
  admin: ["today", "transactions", "approvals", "dailyReport", "monthlyReport", "cashiering", "settings", "operations"],
  manager: ["today", "transactions", "approvals", "dailyReport", "monthlyReport", "cashiering"],
  staff: ["today", "transactions", "dailyReport", "monthlyReport", "cashiering"],
};

export function canUse(role: Role | undefined, area: Area): boolean {
  return role ? AREAS_BY_ROLE[role].includes(area) : false;
}

type Reviewable = Pick<Transaction, "status" | "createdBy" | "moneyEditedBy" | "lastEditedById">;

/**
 * Why this user may not approve or reject a pending entry, in the words the screen shows, or null if they may.
 * The maker-checker rule of finance/ledger.ts assertReviewable: not its creator, not whoever changed its money, not its last editor.
 */
export function reviewBarrier(user: Pick<SessionUser, "id" | "role">, tx: Reviewable): string | null {
  if (user.role === "staff") return "A manager approves entries";
  if (tx.createdBy.id === user.id) return "Your entry";
  if (tx.moneyEditedBy.includes(user.id)) return "You edited this amount; another manager must approve it";
  if (tx.lastEditedById === user.id) return "You edited this entry; another manager must approve it";
  return null;
}

export function canApprove(user: Pick<SessionUser, "id" | "role">, tx: Reviewable): boolean {
  return tx.status === "pending" && reviewBarrier(user, tx) === null;
}

/** Pending: its creator or a manager; approved: a manager (the server records a correcting event). */
export function canModify(user: Pick<SessionUser, "id" | "role">, tx: Transaction): boolean {
  const manager = user.role === "manager" || user.role === "admin";
  if (tx.status === "pending") return manager || tx.createdBy.id === user.id;
  if (tx.status === "approved") return manager;
  return false;
}

/** Edit: as canModify, but a reversal is never edited (delete it and record another) nor is an entry its live reversals count against (reversals.ts assertNoReversalLinks). */
export function canEdit(user: Pick<SessionUser, "id" | "role">, tx: Transaction): boolean {
  return canModify(user, tx) && !tx.reversesId && tx.reversedBy.length === 0;
}

/** Delete: as canModify, but not an entry with live reversals (they would take back more than is left). */
export function canDelete(user: Pick<SessionUser, "id" | "role">, tx: Transaction): boolean {
  return canModify(user, tx) && tx.reversedBy.length === 0;
}

/**
 * An approved entry is corrected by a reversal (the only way once its day is closed). Anyone with the
 * property may record one: a manager's counts at once, staff's waits for approval like their entries.
 */
export function canReverse(tx: Transaction): boolean {
  return tx.status === "approved" && !tx.reversesId && reversedCents(tx) < tx.amountCents;
}

/** How much of an entry its live reversals take back (the server refuses reversing more: "fully_reversed"). */
export function reversedCents(tx: Pick<Transaction, "reversedBy">): number {
  return tx.reversedBy.reduce((sum, r) => sum + r.amountCents, 0);
}
