// The finance-events contract: one message per state change of a revenue or
// expense, carrying the cash-book deltas it causes so consumers never read back.
import { Topic } from "encore.dev/pubsub";

export type TransactionKind = "revenue" | "expense";
/** What a finance event is about: a revenue, an expense, or a cash movement (movements.ts). */
export type EntryKind = TransactionKind | "movement";
/** Cash movements: neither revenue nor expense (cash-effect.ts says what each does to cash and bank). */
export type MovementType = "cash_drop" | "bank_deposit" | "float_top_up" | "paid_out";
export type TransactionStatus = "pending" | "approved" | "rejected";
export type FinanceEventType = "transaction.created" | "transaction.approved" | "transaction.rejected" | "transaction.updated" | "transaction.deleted";

/** The change in one business date's flows; every field may be negative. */
export interface CashDelta {
  businessDate: string;
  cashReceivedCents: number;
  bankReceivedCents: number;
  cashExpensesCents: number;
  bankExpensesCents: number;
  /** Movements only: the net change of cash in hand and of the bank (absent when 0, as on every revenue and expense). */
  cashMovedCents?: number;
  bankMovedCents?: number;
}

/** The transaction as it is after the change. */
export interface TransactionSnapshot {
  amountCents: number;
  paymentMode: "cash" | "bank";
  bankReference: string | null;
  description: string | null;
  source: string | null;
  category: string | null;
  occurredAt: string | null;
  businessDate: string;
  status: TransactionStatus;
  deleted: boolean;
  rejectionReason: string | null;
  createdByUserId: string;
  /** Set on a reversal or refund: the entry it reverses (its cash effect is negative). Absent on ordinary entries. */
  reversesId?: string | null;
  /** Set on a cash movement (kind "movement"). */
  movementType?: MovementType;
}

/** Every id in it (event, organisation, property, transaction, actor, creator) is a UUIDv7 string. */
export interface FinanceEvent {
  eventId: string;
  type: FinanceEventType;
  orgId: string;
  propertyId: string;
  kind: EntryKind;
  /** The entry's id (a revenue's, expense's or movement's). */
  transactionId: string;
  /** The transaction's version after this change: 1 at creation, +1 per change. */
  version: number;
  actorUserId: string;
  occurredAt: string;
  deltas: CashDelta[];
  transaction: TransactionSnapshot;
  /** For updates: each changed field's value before and after. */
  changes: { field: string; from: string | number | null; to: string | number | null }[];
  /** Why, when the change needed a reason (an approved entry's money edited, a reversal). */
  reason?: string;
}

/** Every state change of a revenue or expense, relayed from the finance outbox. */
export const financeEvents = new Topic<FinanceEvent>("finance-events", { deliveryGuarantee: "at-least-once" });
