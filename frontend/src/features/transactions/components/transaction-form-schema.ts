// What the revenue/expense form accepts, as a zod schema for react-hook-form.
// Every rule sits in one superRefine because zod skips an object's refinements
// once a field has failed, and the form shows all its messages at once.
// The field names are the API's (amountCents, occurredAt…), so a server error
// naming a field lands beside the same control as the form's own message.
import { z } from "zod";
import { EXPENSE_CATEGORIES, REVENUE_SOURCES, type PaymentMode, type Property, type Transaction, type TransactionKind } from "@/lib/api-types";
import { dateTimeValueProblem, dateValueProblem, localeForProperty } from "@/lib/date-input";
import { toLocalInput } from "@/lib/dates";
import { parseMoneyToCents } from "@/lib/money";

/** Longest free-text the form accepts; the server has its own limit too. */
export const MAX_DESCRIPTION_LENGTH = 500;

/** The form's fields in screen order: the first invalid one gets focus. */
export const TRANSACTION_FIELDS = ["propertyId", "amountCents", "paymentMode", "bankReference", "description", "source", "category", "occurredAt", "expenseDate", "reason"] as const;
export type TransactionField = (typeof TRANSACTION_FIELDS)[number];

/** What the controls hold: text as typed (the amount in major units, dates as the date fields report them). */
export interface TransactionFormValues {
  propertyId: string;
  amountCents: string;
  paymentMode: PaymentMode;
  bankReference: string;
  description: string;
  source: (typeof REVENUE_SOURCES)[number];
  category: (typeof EXPENSE_CATEGORIES)[number];
  /** "YYYY-MM-DDTHH:mm" local to the property, or the typed text (DateTimeField). */
  occurredAt: string;
  /** "YYYY-MM-DD", or the typed text (DateField). */
  expenseDate: string;
  /** Why an approved entry's amount, payment mode or date changes (the server requires it and sends the entry back for approval). */
  reason: string;
}

/** The form's value of a revenue's received-at as it was loaded: only a change from it moves the entry (seconds are not in the form). */
export function loadedOccurredAt(tx: Transaction, property: Property | undefined): string {
  return toLocalInput(tx.occurredAt ?? new Date(), property?.timezone ?? "UTC");
}

/** Whether the edit changes what the entry does to the books (amount, payment mode, date): on an approved entry that needs a reason. */
export function changesMoney(kind: TransactionKind, v: TransactionFormValues, tx: Transaction, property: Property | undefined): boolean {
  const cents = parseMoneyToCents(v.amountCents, property?.currency ?? "INR");
  const date = kind === "revenue" ? v.occurredAt !== loadedOccurredAt(tx, property) : v.expenseDate !== tx.businessDate;
  return (cents !== null && cents !== tx.amountCents) || v.paymentMode !== tx.paymentMode || date;
}

/** The schema for one kind against the properties on offer (the amount's decimals and the dates' order depend on the property chosen), and the entry being edited. */
export function transactionFormSchema(kind: TransactionKind, properties: readonly Property[], tx?: Transaction) {
  return z
    .object({
      propertyId: z.string(),
      amountCents: z.string(),
      paymentMode: z.enum(["cash", "bank"]),
      bankReference: z.string(),
      description: z.string(),
      source: z.enum(REVENUE_SOURCES),
      category: z.enum(EXPENSE_CATEGORIES),
      occurredAt: z.string(),
      expenseDate: z.string(),
      reason: z.string(),
    })
    .superRefine((v, ctx) => {
      const property = properties.find((p) => p.id === v.propertyId);
      const fail = (path: TransactionField, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
      if (tx?.status === "approved" && changesMoney(kind, v, tx, property) && !v.reason.trim()) {
        fail("reason", "Say why it changes: the entry goes back for approval by someone other than you.");
      }
      if (v.reason.length > MAX_DESCRIPTION_LENGTH) fail("reason", `Keep it under ${MAX_DESCRIPTION_LENGTH} characters.`);
      if (!property) fail("propertyId", "Choose a property.");
      const cents = parseMoneyToCents(v.amountCents, property?.currency ?? "INR");
      if (cents === null) fail("amountCents", "Enter an amount such as 1250.50 (no more decimals than the currency has).");
      else if (cents <= 0) fail("amountCents", "The amount must be greater than zero.");
      if (v.paymentMode === "bank" && !v.bankReference.trim()) fail("bankReference", "Bank payments need a reference (card slip, UPI or transfer id).");
      if (v.description.length > MAX_DESCRIPTION_LENGTH) fail("description", `Keep it under ${MAX_DESCRIPTION_LENGTH} characters.`);
      const locale = localeForProperty(property);
      const when = kind === "revenue" ? dateTimeValueProblem(v.occurredAt, locale) : dateValueProblem(v.expenseDate, locale);
      if (when) fail(kind === "revenue" ? "occurredAt" : "expenseDate", when);
    });
}
