// Wire types of the API (docs/api.md). Money is integer minor units; dates are YYYY-MM-DD.
import type { TransactionKind } from "@/config/api-paths";

export type { TransactionKind };
export type Role = "admin" | "manager" | "staff";
export type PaymentMode = "cash" | "bank";
export type TransactionStatus = "pending" | "approved" | "rejected";
export type RevenueSource = "room" | "food" | "beverage" | "laundry" | "other";
export type ExpenseCategory = "utilities" | "supplies" | "salaries" | "maintenance" | "food_cost" | "other";

export const REVENUE_SOURCES: readonly RevenueSource[] = ["room", "food", "beverage", "laundry", "other"];
export const EXPENSE_CATEGORIES: readonly ExpenseCategory[] = ["utilities", "supplies", "salaries", "maintenance", "food_cost", "other"];
export const ROLES: readonly Role[] = ["admin", "manager", "staff"];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SessionUser {
  id: string;
  orgId: string;
  email: string;
  displayName: string;
  role: Role;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
  user: SessionUser;
}

export interface Property {
  id: string;
  name: string;
  timezone: string;
  currency: string;
  openingCashCents: number;
  createdAt: string;
  /** Set while archived: hidden from entry forms, kept in reports. */
  archivedAt?: string | null;
}

/** A sign-in lock from GET /auth/sign-in-locks. */
export interface SignInLock {
  id: string;
  scope: "account_address" | "address" | "account_unknown_addresses";
  userId: string | null;
  email: string | null;
  address: string | null;
  lockedAt: string;
  lockedUntil: string;
  active: boolean;
  unlockedAt: string | null;
  unlockedByUserId: string | null;
  unlockReason: string | null;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  active: boolean;
  propertyIds: string[];
  createdAt: string;
}

export interface Me {
  user: SessionUser;
  organization: { id: string; name: string };
  properties: Property[];
}

export interface PersonRef {
  id: string;
  displayName: string;
}

export interface Transaction {
  id: string;
  kind: TransactionKind;
  propertyId: string;
  amountCents: number;
  paymentMode: PaymentMode;
  bankReference: string | null;
  description: string | null;
  source?: RevenueSource | null;
  category?: ExpenseCategory | null;
  occurredAt?: string | null;
  businessDate: string;
  status: TransactionStatus;
  /** On a reversal or refund: the entry it reverses (it counts negative). */
  reversesId?: string | null;
  reversalReason?: string | null;
  createdBy: PersonRef;
  approvedBy: PersonRef | null;
  approvedAt: string | null;
  rejectionReason: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface DailyFigures {
  date: string;
  openingBalanceCents: number;
  cashReceivedCents: number;
  bankReceivedCents: number;
  cashExpensesCents: number;
  bankExpensesCents: number;
  closingBalanceCents: number;
  /** Cash drops, deposits, top-ups and paid-outs: cash and bank moved, never revenue or expense (absent from older servers). */
  cashMovedCents?: number;
  bankMovedCents?: number;
  calculatedClosingBalanceCents?: number;
  balanceDiscrepancyCents?: number;
  hasDiscrepancy?: boolean;
}

/** What reconciliation adds to a day's figures; not part of totals or the summary. */
type ReconciliationFields = "calculatedClosingBalanceCents" | "balanceDiscrepancyCents" | "hasDiscrepancy";

/** Whether a manager has closed a business date (docs/api.md, "Day close and the editable window"). */
export interface DayCloseState {
  closed: boolean;
  closedAt: string | null;
  closedBy: { id: string; displayName: string | null } | null;
  forcedReason: string | null;
}

export interface ReportShift {
  id: string;
  cashier: { id: string; displayName: string | null };
  status: "open" | "closed" | "signed_off";
  floatCents: number;
  expectedCents: number | null;
  countedCents: number | null;
  overShortCents: number | null;
  signedOffBy: { id: string; displayName: string | null } | null;
}

export interface ReportMovement {
  id: string;
  movementType: MovementType;
  amountCents: number;
  cashEffectCents: number;
  bankEffectCents: number;
  status: TransactionStatus;
  description: string | null;
  createdBy: { id: string; displayName: string | null };
}

export type MovementType = "cash_drop" | "bank_deposit" | "float_top_up" | "paid_out";

export interface DailyReport extends DailyFigures {
  propertyId: string;
  dayClose?: DayCloseState;
  shifts?: ReportShift[];
  movements?: ReportMovement[];
  calculatedClosingBalanceCents: number;
  balanceDiscrepancyCents: number;
  hasDiscrepancy: boolean;
  transactions: Transaction[];
  revenueBySource?: { source: string; amountCents: number; count: number }[];
  expensesByCategory?: { category: string; amountCents: number; count: number }[];
  /** The discrepancy in a sentence, from the server; null when there is none. */
  discrepancyExplanation?: string | null;
}

export interface MonthlyReport {
  propertyId: string;
  month: string;
  days: DailyFigures[];
  totals: Omit<DailyFigures, "date" | ReconciliationFields>;
}

export interface SummaryItem extends Omit<DailyFigures, ReconciliationFields> {
  propertyId: string;
  propertyName: string;
  currency: string;
  timezone: string;
  pendingCount: number;
  dayClose?: DayCloseState;
}

export interface Summary {
  date: string | null;
  items: SummaryItem[];
}

/** Payload of an SSE `finance` event. */
export interface FinanceStreamEvent {
  eventId: string;
  type: string;
  orgId: string;
  propertyId: string;
  kind?: TransactionKind;
  transactionId?: string;
  [key: string]: unknown;
}

/** Payload of an SSE `cashbook` event: these business dates of the property changed. */
export interface CashbookStreamEvent {
  propertyId: string;
  dates: string[];
}
