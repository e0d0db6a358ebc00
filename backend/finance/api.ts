// Finance endpoints: record revenues and expenses, list them, and move them
// through the maker-checker workflow. Each validates, authorises and calls
// the ledger.
import { api, APIError, type Header } from "encore.dev/api";
import { caller, requirePropertyAccess } from "../shared/authz.ts";
import { parseInput } from "../shared/validation.ts";
import { canonicalId, isId } from "../shared/ids.ts";
import { decodeCursor, encodeCursor } from "../shared/cursor.ts";
import * as ledger from "./ledger.ts";
import { listTransactions as listRows, type Transaction } from "./transactions.ts";
import { createExpenseSchema, createRevenueSchema, deleteSchema, listSchema, rejectSchema, transactionRefSchema, updateSchema } from "./schemas.ts";
import { db } from "../../database.ts";
import type { TransactionKind, TransactionStatus } from "./topics.ts";

interface CreateRevenueRequest {
  propertyId: string;
  amountCents: number;
  paymentMode: "cash" | "bank";
  bankReference?: string | null;
  description?: string | null;
  source: "room" | "food" | "beverage" | "laundry" | "other";
  occurredAt: string;
  idempotencyKey?: Header<"Idempotency-Key">;
}

interface CreateExpenseRequest {
  propertyId: string;
  amountCents: number;
  paymentMode: "cash" | "bank";
  bankReference?: string | null;
  description?: string | null;
  category: "utilities" | "supplies" | "salaries" | "maintenance" | "food_cost" | "other";
  expenseDate: string;
  idempotencyKey?: Header<"Idempotency-Key">;
}

/** `kind` is a plain string in the path (Encore's parser takes only string, number or boolean path parameters); the schema checks it. */
interface TransactionRef { kind: string; id: string }

interface UpdateRequest extends TransactionRef {
  amountCents?: number;
  paymentMode?: "cash" | "bank";
  bankReference?: string | null;
  description?: string | null;
  source?: string;
  category?: string;
  occurredAt?: string;
  expenseDate?: string;
  expectedVersion?: number;
  /** Required when an approved entry's amount, payment mode or date changes; the entry goes back to pending. */
  reason?: string | null;
}

interface ListRequest {
  propertyId?: string;
  kind?: TransactionKind;
  status?: TransactionStatus;
  from?: string;
  to?: string;
  paymentMode?: "cash" | "bank";
  category?: string;
  createdBy?: string;
  q?: string;
  limit?: number;
  cursor?: string;
}

interface TransactionList { items: Transaction[]; nextCursor: string | null }

/** Records a revenue. Staff entries start pending; a manager's or admin's own are approved at once. */
export const createRevenue = api(
  { expose: true, auth: true, method: "POST", path: "/finance/revenues" },
  async (req: CreateRevenueRequest): Promise<Transaction> => {
    const { idempotencyKey, ...input } = parseInput(createRevenueSchema, req);
    return ledger.createTransaction(caller(), "revenue", input, idempotencyKey);
  },
);

/** Records an expense on its expense date. */
export const createExpense = api(
  { expose: true, auth: true, method: "POST", path: "/finance/expenses" },
  async (req: CreateExpenseRequest): Promise<Transaction> => {
    const { idempotencyKey, ...input } = parseInput(createExpenseSchema, req);
    return ledger.createTransaction(caller(), "expense", input, idempotencyKey);
  },
);

// A cursor from before ids became UUIDs is refused too.
const readCursor = ([businessDate, id, ...rest]: string[]) =>
  /^\d{4}-\d{2}-\d{2}$/.test(businessDate ?? "") && isId(id) && rest.length === 0 ? { businessDate, id: canonicalId(id) } : null;

/** Revenues and expenses of the caller's properties, newest business date first, paginated by cursor. */
export const listTransactions = api(
  { expose: true, auth: true, method: "GET", path: "/finance/transactions" },
  async (req: ListRequest): Promise<TransactionList> => {
    const auth = caller();
    const f = parseInput(listSchema, req);
    if (f.propertyId) requirePropertyAccess(auth, f.propertyId);
    const items = await listRows(db, {
      orgId: auth.orgId, propertyIds: f.propertyId ? [f.propertyId] : auth.propertyIds, kind: f.kind, status: f.status,
      from: f.from, to: f.to, paymentMode: f.paymentMode, category: f.category, createdBy: f.createdBy, q: f.q, limit: f.limit + 1, cursor: f.cursor ? decodeCursor(f.cursor, readCursor) : undefined,
    });
    const page = items.slice(0, f.limit);
    return { items: page, nextCursor: items.length > f.limit ? encodeCursor(page[page.length - 1].businessDate, page[page.length - 1].id) : null };
  },
);

/** One revenue or expense. */
export const getTransaction = api(
  { expose: true, auth: true, method: "GET", path: "/finance/transactions/:kind/:id" },
  async (req: TransactionRef): Promise<Transaction> => {
    const { kind, id } = parseInput(transactionRefSchema, req);
    return ledger.getTransaction(caller(), kind, id);
  },
);

/** Approves a pending entry (manager or admin; never one's own). */
export const approveTransaction = api(
  { expose: true, auth: true, method: "POST", path: "/finance/transactions/:kind/:id/approve" },
  async (req: TransactionRef): Promise<Transaction> => {
    const { kind, id } = parseInput(transactionRefSchema, req);
    return ledger.approve(caller(), kind, id);
  },
);

/** Rejects a pending entry with a reason (manager or admin; never one's own). */
export const rejectTransaction = api(
  { expose: true, auth: true, method: "POST", path: "/finance/transactions/:kind/:id/reject" },
  async (req: TransactionRef & { reason: string }): Promise<Transaction> => {
    const { kind, id, reason } = parseInput(rejectSchema, req);
    return ledger.reject(caller(), kind, id, reason);
  },
);

/** Edits an entry: pending by its creator or a manager, approved by a manager (recorded as a correcting event). */
export const updateTransaction = api(
  { expose: true, auth: true, method: "PATCH", path: "/finance/transactions/:kind/:id" },
  async (req: UpdateRequest): Promise<Transaction> => {
    const { kind, id, ...changes } = parseInput(updateSchema, req);
    if (kind === "revenue" && (changes.category || changes.expenseDate)) {
      throw APIError.invalidArgument(`${changes.category ? "category" : "expenseDate"}: a revenue has a source and occurredAt, not a category or expenseDate`).withDetails({ field: changes.category ? "category" : "expenseDate" });
    }
    if (kind === "expense" && (changes.source || changes.occurredAt)) {
      throw APIError.invalidArgument(`${changes.source ? "source" : "occurredAt"}: an expense has a category and expenseDate, not a source or occurredAt`).withDetails({ field: changes.source ? "source" : "occurredAt" });
    }
    return ledger.edit(caller(), kind, id, changes);
  },
);

/** Deletes an entry (soft: the history keeps it); the same rules as editing. */
export const deleteTransaction = api(
  { expose: true, auth: true, method: "DELETE", path: "/finance/transactions/:kind/:id" },
  async (req: TransactionRef & { expectedVersion?: number }): Promise<void> => {
    const { kind, id, expectedVersion } = parseInput(deleteSchema, req);
    await ledger.remove(caller(), kind, id, expectedVersion);
  },
);
