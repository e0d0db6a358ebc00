// The API's wire types, taken from the backend's endpoints themselves: each
// response type is what its endpoint function returns, each request type what
// it takes, so a change to a backend response fails `tsc` at the screen that
// reads it. Every backend import here is `import type` through `@backend/`,
// which only tsconfig.json resolves: TypeScript erases these imports, and a
// value import would not even resolve in Vite (frontend/vite.config.ts has no
// such alias), so no backend code can reach the bundle.
import type { z } from "zod";
import type { login, me } from "@backend/auth/api.ts";
import type { createProperty, getProperty, listProperties, updateProperty } from "@backend/auth/properties-api.ts";
import type { createUser, listSignInLocks, listUsers, unlockUser, updateUser } from "@backend/auth/users-api.ts";
import type { Role as BackendRole } from "@backend/shared/auth-data.ts";
import type { createExpense, createRevenue, getTransaction, listTransactions, rejectTransaction } from "@backend/finance/api.ts";
import type { closeDay, getDay, reopenDay } from "@backend/finance/days-api.ts";
import type { createMovement } from "@backend/finance/movements-api.ts";
import type { reverseTransaction } from "@backend/finance/reversals-api.ts";
import type { closeShift, openShift } from "@backend/finance/shifts-api.ts";
import type { categorySchema, sourceSchema } from "@backend/finance/schemas.ts";
import type { FinanceEvent, MovementType as BackendMovementType, TransactionKind as BackendTransactionKind, TransactionStatus as BackendTransactionStatus } from "@backend/finance/topics.ts";
import type { daily, monthly, summary } from "@backend/reports/api.ts";
import type { CashBookUpdated } from "@backend/reports/topics.ts";
import type { status } from "@backend/ops/api.ts";
import type { audit } from "@backend/events/api.ts";

/** What an endpoint answers (its handler's resolved return type). */
export type ResponseOf<E> = E extends (...args: never[]) => Promise<infer R> ? R : never;
/** What an endpoint takes: path, query and body fields together, as the handler sees them. */
export type RequestOf<E> = E extends (req: infer P) => Promise<unknown> ? P : never;

export type Role = BackendRole;
export type TransactionKind = BackendTransactionKind;
export type TransactionStatus = BackendTransactionStatus;
export type MovementType = BackendMovementType;
export type RevenueSource = z.infer<typeof sourceSchema>;
export type ExpenseCategory = z.infer<typeof categorySchema>;
export type PaymentMode = RequestOf<typeof createRevenue>["paymentMode"];

// The option lists of the forms are values, which cannot come from the
// backend without its code: they stay here, and `Every` makes tsc fail when
// the backend adds a member a list lacks (`satisfies` catches one it drops).
type Every<Union, List extends readonly unknown[]> = [Exclude<Union, List[number]>] extends [never] ? List : never;
const revenueSources = ["room", "food", "beverage", "laundry", "other"] as const satisfies readonly RevenueSource[];
const expenseCategories = ["utilities", "supplies", "salaries", "maintenance", "food_cost", "other"] as const satisfies readonly ExpenseCategory[];
const roles = ["admin", "manager", "staff"] as const satisfies readonly Role[];
export const REVENUE_SOURCES: Every<RevenueSource, typeof revenueSources> = revenueSources;
export const EXPENSE_CATEGORIES: Every<ExpenseCategory, typeof expenseCategories> = expenseCategories;
export const ROLES: Every<Role, typeof roles> = roles;

// Sessions and people
export type Tokens = ResponseOf<typeof login>;
export type SessionUser = Tokens["user"];
export type Me = ResponseOf<typeof me>;
export type User = ResponseOf<typeof createUser>;
export type UserList = ResponseOf<typeof listUsers>;
export type CreateUserRequest = RequestOf<typeof createUser>;
export type UpdateUserRequest = Omit<RequestOf<typeof updateUser>, "id">;
export type UnlockUserResponse = ResponseOf<typeof unlockUser>;
export type SignInLockList = ResponseOf<typeof listSignInLocks>;
export type SignInLock = SignInLockList["items"][number];

// Properties
export type Property = ResponseOf<typeof getProperty>;
export type PropertyList = ResponseOf<typeof listProperties>;
export type CreatePropertyRequest = RequestOf<typeof createProperty>;
export type UpdatePropertyRequest = Omit<RequestOf<typeof updateProperty>, "id">;

// Revenues, expenses, reversals, movements
export type Transaction = ResponseOf<typeof getTransaction>;
export type TransactionList = ResponseOf<typeof listTransactions>;
export type PersonRef = Transaction["createdBy"];
/** The body of POST /finance/revenues (the Idempotency-Key travels as a header). */
export type CreateRevenueRequest = Omit<RequestOf<typeof createRevenue>, "idempotencyKey">;
export type CreateExpenseRequest = Omit<RequestOf<typeof createExpense>, "idempotencyKey">;
export type RejectResponse = ResponseOf<typeof rejectTransaction>;
export type ReverseRequest = RequestOf<typeof reverseTransaction>;
export type ReverseResponse = ResponseOf<typeof reverseTransaction>;
export type CreateMovementRequest = RequestOf<typeof createMovement>;
export type Movement = ResponseOf<typeof createMovement>;

// Reports
export type DailyReport = ResponseOf<typeof daily>;
export type MonthlyReport = ResponseOf<typeof monthly>;
export type DailyFigures = MonthlyReport["days"][number];
export type Summary = ResponseOf<typeof summary>;
export type SummaryItem = Summary["items"][number];
export type DayCloseState = SummaryItem["dayClose"];
export type ReportShift = DailyReport["shifts"][number];
export type ReportMovement = DailyReport["movements"][number];
export type ReportTransaction = DailyReport["transactions"][number];

// Cashiering: day close and shifts
export type DayState = ResponseOf<typeof getDay>;
export type CloseDayRequest = RequestOf<typeof closeDay>;
export type CloseDayResponse = ResponseOf<typeof closeDay>;
export type ReopenDayResponse = ResponseOf<typeof reopenDay>;
export type DayClose = CloseDayResponse["close"];
export type Shift = ResponseOf<typeof openShift>;
export type OpenShiftRequest = RequestOf<typeof openShift>;
export type CloseShiftRequest = Omit<RequestOf<typeof closeShift>, "id">;

// Operations
export type OpsStatus = ResponseOf<typeof status>;
export type OpsAlert = OpsStatus["alerts"][number];
export type AttentionItem = OpsStatus["attention"][number];

// Audit trail (GET /events/audit)
export type AuditPage = ResponseOf<typeof audit>;
/** One change of an entry, shift or day: who, when, what changed and why. */
export type AuditEntry = AuditPage["items"][number];

// Live updates (GET /events/stream): a raw endpoint, so its payloads are the
// events it forwards: the finance topic's message and the cash-book notice.
/** Payload of an SSE `finance` event: an entry's change, a day closed or reopened, or a shift step. */
export type FinanceStreamEvent = FinanceEvent;
/** Payload of an SSE `cashbook` event: these business dates of the property changed. */
export type CashbookStreamEvent = CashBookUpdated;
