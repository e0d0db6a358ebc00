// The finance-events contract: one message per state change of a revenue,
// expense or cash movement, carrying the cash-book deltas it causes so
// consumers never read back; and one per day close or reopen and per shift
// opened, counted or signed off, which move no money (their `kind` tells
// them apart: consumers of cash handle "day" and "shift" as no-ops).
import { Topic } from "encore.dev/pubsub";

export type TransactionKind = "revenue" | "expense";
/** What a finance event is about: a revenue, an expense, or a cash movement (movements.ts). */
export type EntryKind = TransactionKind | "movement";
/** Cash movements: neither revenue nor expense (cash-effect.ts says what each does to cash and bank). */
export type MovementType = "cash_drop" | "bank_deposit" | "float_top_up" | "paid_out";
export type TransactionStatus = "pending" | "approved" | "rejected";
export type TransactionEventType = "transaction.created" | "transaction.approved" | "transaction.rejected" | "transaction.updated" | "transaction.deleted";
export type DayEventType = "day.closed" | "day.reopened";
export type ShiftEventType = "shift.opened" | "shift.closed" | "shift.signed_off";
/** Every event type on the topic. */
export type FinanceEventType = TransactionEventType | DayEventType | ShiftEventType;

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
export interface TransactionEvent {
  eventId: string;
  type: TransactionEventType;
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

/** A close's frozen approved figures and the shifts it saw. */
export interface DayCloseFigures {
  approvedCount: number;
  cashReceivedCents: number;
  bankReceivedCents: number;
  cashExpensesCents: number;
  bankExpensesCents: number;
  /** Shifts opened on the day, and how many of those (or earlier ones) a forced close left open. */
  shiftCount: number;
  openShiftCount: number;
}

/** The business date as the event left it. */
export interface DaySnapshot {
  businessDate: string;
  closed: boolean;
  /** day.closed only: what the close froze; null on a reopen. */
  figures: DayCloseFigures | null;
  note: string | null;
  /** day.closed only: closed although shifts were open (the reason is the event's reason). */
  forced: boolean;
}

/** A day closed or reopened. Moves no money. */
export interface DayEvent {
  eventId: string;
  type: DayEventType;
  orgId: string;
  propertyId: string;
  kind: "day";
  /** The day-log entry (business_day_log.id) this event records: each close and reopen is its own aggregate. */
  logEntryId: string;
  /** Always 1: a log entry is written once. */
  version: number;
  actorUserId: string;
  occurredAt: string;
  day: DaySnapshot;
  /** A reopen's reason, or a forced close's; null otherwise. */
  reason: string | null;
}

/** A shift's figures as the event left it (the audit record: a blind shift's expected and over/short are here too). */
export interface ShiftSnapshot {
  cashierUserId: string;
  businessDate: string;
  status: "open" | "closed" | "signed_off";
  blind: boolean;
  floatCents: number;
  /** From the count on: what the cashier's entries and movements did to the drawer; null on shift.opened. */
  cashReceivedCents: number | null;
  cashPaidCents: number | null;
  cashMovedCents: number | null;
  expectedCents: number | null;
  countedCents: number | null;
  denominations: { valueCents: number; count: number }[] | null;
  /** counted − expected: positive over, negative short. */
  overShortCents: number | null;
  signedOffByUserId: string | null;
  note: string | null;
}

/** A shift opened, closed with its count, or signed off. Moves no money (the entries in it did). */
export interface ShiftEvent {
  eventId: string;
  type: ShiftEventType;
  orgId: string;
  propertyId: string;
  kind: "shift";
  shiftId: string;
  /** 1 opened, 2 closed, 3 signed off: each step happens once. */
  version: number;
  actorUserId: string;
  occurredAt: string;
  shift: ShiftSnapshot;
}

/** One message on the finance-events topic; `kind` tells which (and `type` within it). */
export type FinanceEvent = TransactionEvent | DayEvent | ShiftEvent;

/** Every state change of a revenue, expense, movement, business day or shift, relayed from the finance outbox. */
export const financeEvents = new Topic<FinanceEvent>("finance-events", { deliveryGuarantee: "at-least-once" });
