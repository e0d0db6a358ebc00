import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { DateField, DateTimeField } from "@/components/date-field";
import { FormError, SelectField, TextAreaField, TextField } from "@/components/form-fields";
import { PropertySelect } from "@/components/property-select";
import { EXPENSE_CATEGORIES, REVENUE_SOURCES, type ExpenseCategory, type PaymentMode, type Property, type RevenueSource, type Transaction, type TransactionKind } from "@/lib/api-types";
import { dateTimeValueProblem, dateValueProblem, localeForProperty } from "@/lib/date-input";
import { todayIn, toLocalInput, zonedLocalToUtc } from "@/lib/dates";
import { splitSubmitError } from "@/lib/form-errors";
import { centsToInput, formatMoney, parseMoneyToCents } from "@/lib/money";
import { newUuid } from "@/lib/uuid";
import { useCreateExpense } from "@/features/transactions/api/create-expense";
import { useCreateRevenue } from "@/features/transactions/api/create-revenue";
import { useUpdateTransaction } from "@/features/transactions/api/update-transaction";

const FIELDS = ["propertyId", "amountCents", "paymentMode", "bankReference", "description", "source", "category", "occurredAt", "expenseDate"] as const;
type Field = (typeof FIELDS)[number];
type Errors = Partial<Record<Field, string>>;

/** Longest free-text the form accepts; the server has its own limit too. */
const MAX_DESCRIPTION_LENGTH = 500;

export const labelFor = (value: string) => value.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

interface Values {
  propertyId: string;
  amount: string;
  paymentMode: PaymentMode;
  bankReference: string;
  description: string;
  source: RevenueSource;
  category: ExpenseCategory;
  occurredAtLocal: string;
  expenseDate: string;
}

function initialValues(kind: TransactionKind, properties: Property[], defaultPropertyId: string, tx?: Transaction): Values {
  const propertyId = tx?.propertyId ?? (defaultPropertyId || (properties.length === 1 ? properties[0].id : ""));
  const property = properties.find((p) => p.id === propertyId);
  const zone = property?.timezone ?? "UTC";
  return {
    propertyId,
    amount: tx ? centsToInput(tx.amountCents, property?.currency ?? "INR") : "",
    paymentMode: tx?.paymentMode ?? "cash",
    bankReference: tx?.bankReference ?? "",
    description: tx?.description ?? "",
    source: REVENUE_SOURCES.find((x) => x === tx?.source) ?? "room",
    category: EXPENSE_CATEGORIES.find((x) => x === tx?.category) ?? "supplies",
    occurredAtLocal: toLocalInput(tx?.occurredAt ?? new Date(), zone),
    expenseDate: kind === "expense" && tx ? tx.businessDate : todayIn(zone),
  };
}

function validate(kind: TransactionKind, v: Values, property: Property | undefined): Errors {
  const errors: Errors = {};
  if (!property) errors.propertyId = "Choose a property.";
  const cents = parseMoneyToCents(v.amount, property?.currency ?? "INR");
  if (cents === null) errors.amountCents = "Enter an amount such as 1250.50 (no more decimals than the currency has).";
  else if (cents <= 0) errors.amountCents = "The amount must be greater than zero.";
  if (v.paymentMode === "bank" && !v.bankReference.trim()) errors.bankReference = "Bank payments need a reference (card slip, UPI or transfer id).";
  if (v.description.length > MAX_DESCRIPTION_LENGTH) errors.description = `Keep it under ${MAX_DESCRIPTION_LENGTH} characters.`;
  const locale = localeForProperty(property);
  const when = kind === "revenue" ? dateTimeValueProblem(v.occurredAtLocal, locale) : dateValueProblem(v.expenseDate, locale);
  if (when) errors[kind === "revenue" ? "occurredAt" : "expenseDate"] = when;
  return errors;
}

interface TransactionFormProps {
  kind: TransactionKind;
  properties: Property[];
  defaultPropertyId?: string;
  /** Edit this transaction instead of creating one. */
  transaction?: Transaction;
  onDone: (tx: Transaction) => void;
  /** Offers "Save and add another": called instead of onDone, with the form cleared for the next entry. */
  onSavedAndNext?: (tx: Transaction) => void;
  onCancel?: () => void;
}

/** What a confirmation says about a saved entry: "Revenue ₹1,250.50 saved, pending approval". */
export function savedMessage(tx: Transaction, currency: string): string {
  const state = tx.status === "approved" ? "approved" : tx.status === "pending" ? "pending approval" : tx.status;
  return `${labelFor(tx.kind)} ${formatMoney(tx.amountCents, currency)} saved, ${state}.`;
}

/** Add or edit a revenue or an expense, with inline validation and the server's error beside its field. */
export function TransactionForm({ kind, properties: allProperties, defaultPropertyId = "", transaction, onDone, onSavedAndNext, onCancel }: TransactionFormProps) {
  // Archived properties take no new entries; an existing entry keeps showing its own.
  const properties = transaction ? allProperties : allProperties.filter((p) => !p.archivedAt);
  const [values, setValues] = useState<Values>(() => initialValues(kind, properties, defaultPropertyId, transaction));
  const [errors, setErrors] = useState<Errors>({});
  // One key per submission: a resubmit of unchanged values (after a network failure) reuses it,
  // so the server creates the transaction at most once.
  const idempotencyKey = useRef(newUuid());
  const createRevenue = useCreateRevenue();
  const createExpense = useCreateExpense();
  const update = useUpdateTransaction();
  const mutation = transaction ? update : kind === "revenue" ? createRevenue : createExpense;
  const server = splitSubmitError(mutation.error, FIELDS);
  const property = properties.find((p) => p.id === values.propertyId);
  const errorFor = (f: Field) => errors[f] ?? (server.field === f ? server.fieldMessage : null);
  const idPrefix = `${kind}-${transaction?.id ?? "new"}`;

  const amountPreview = useMemo(() => {
    if (!property) return null;
    const cents = parseMoneyToCents(values.amount, property.currency);
    return cents === null ? null : formatMoney(cents, property.currency);
  }, [values.amount, property]);

  // Until the user edits the date, it follows the chosen property's time zone ("now" there).
  const dateTouched = useRef(Boolean(transaction));
  const addAnother = useRef(false);

  // The first field a person has to fill gets focus when the form opens: the amount once the property is known.
  useEffect(() => {
    document.getElementById(`${idPrefix}-${values.propertyId ? "amountCents" : "propertyId"}`)?.focus();
    // On open only: later property changes must not pull focus away from what the person is typing.
  }, []);

  const set = <K extends keyof Values>(key: K, value: Values[K], field: Field) => {
    if (key === "occurredAtLocal" || key === "expenseDate") dateTouched.current = true;
    setValues((v) => {
      const next = { ...v, [key]: value };
      const zone = properties.find((p) => p.id === next.propertyId)?.timezone;
      if (key === "propertyId" && zone && !dateTouched.current) {
        next.occurredAtLocal = toLocalInput(new Date(), zone);
        next.expenseDate = todayIn(zone);
      }
      return next;
    });
    idempotencyKey.current = newUuid();
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
    if (mutation.error) mutation.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validate(kind, values, property);
    setErrors(found);
    if (Object.keys(found).length > 0 || !property) {
      const first = FIELDS.find((f) => found[f]);
      if (first) document.getElementById(`${idPrefix}-${first}`)?.focus();
      return;
    }
    const amountCents = parseMoneyToCents(values.amount, property.currency) as number;
    const bankReference = values.paymentMode === "bank" ? values.bankReference.trim() : undefined;
    const description = values.description.trim() || undefined;
    const done = (tx: Transaction) => {
      idempotencyKey.current = newUuid();
      if (addAnother.current && onSavedAndNext) {
        // Keep property, payment mode and date; clear what differs from one entry to the next.
        setValues((v) => ({ ...v, amount: "", bankReference: "", description: "" }));
        mutation.reset();
        onSavedAndNext(tx);
        setTimeout(() => document.getElementById(`${idPrefix}-amountCents`)?.focus(), 0);
        return;
      }
      onDone(tx);
    };
    if (transaction) {
      update.mutate(
        {
          kind,
          id: transaction.id,
          patch: {
            amountCents,
            paymentMode: values.paymentMode,
            bankReference: bankReference ?? null,
            description: description ?? null,
            ...(kind === "revenue"
              ? { source: values.source, occurredAt: zonedLocalToUtc(values.occurredAtLocal, property.timezone).toISOString() }
              : { category: values.category, expenseDate: values.expenseDate }),
          },
        },
        { onSuccess: done },
      );
    } else if (kind === "revenue") {
      const occurredAt = zonedLocalToUtc(values.occurredAtLocal, property.timezone).toISOString();
      createRevenue.mutate(
        { input: { propertyId: property.id, amountCents, paymentMode: values.paymentMode, bankReference, description, source: values.source, occurredAt }, idempotencyKey: idempotencyKey.current },
        { onSuccess: done },
      );
    } else {
      createExpense.mutate(
        { input: { propertyId: property.id, amountCents, paymentMode: values.paymentMode, bankReference, description, category: values.category, expenseDate: values.expenseDate }, idempotencyKey: idempotencyKey.current },
        { onSuccess: done },
      );
    }
  };

  return (
    <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2" aria-label={`${transaction ? "Edit" : "Add"} ${kind}`}>
      <div className="sm:col-span-2">
        <FormError message={server.formMessage} />
      </div>
      <PropertySelect
        id={`${idPrefix}-propertyId`}
        properties={transaction ? properties.filter((p) => p.id === transaction.propertyId) : properties}
        value={values.propertyId}
        onChange={(id) => set("propertyId", id, "propertyId")}
        error={errorFor("propertyId")}
        required
      />
      <TextField
        id={`${idPrefix}-amountCents`}
        label={`Amount${property ? ` (${property.currency})` : ""}`}
        inputMode="decimal"
        autoComplete="off"
        required
        value={values.amount}
        onChange={(e) => set("amount", e.target.value, "amountCents")}
        error={errorFor("amountCents")}
        hint={amountPreview ?? "For example 1250.50"}
      />
      <SelectField id={`${idPrefix}-paymentMode`} label="Paid by" value={values.paymentMode} onChange={(e) => set("paymentMode", e.target.value as PaymentMode, "paymentMode")} error={errorFor("paymentMode")}>
        <option value="cash">Cash</option>
        <option value="bank">Bank (card, UPI, transfer)</option>
      </SelectField>
      {values.paymentMode === "bank" ? (
        <TextField
          id={`${idPrefix}-bankReference`}
          label="Bank reference"
          required
          value={values.bankReference}
          onChange={(e) => set("bankReference", e.target.value, "bankReference")}
          error={errorFor("bankReference")}
        />
      ) : (
        <div className="hidden sm:block" />
      )}
      {kind === "revenue" ? (
        <>
          <SelectField id={`${idPrefix}-source`} label="Source" value={values.source} onChange={(e) => set("source", e.target.value as RevenueSource, "source")} error={errorFor("source")}>
            {REVENUE_SOURCES.map((s) => (
              <option key={s} value={s}>
                {labelFor(s)}
              </option>
            ))}
          </SelectField>
          <DateTimeField
            id={`${idPrefix}-occurredAt`}
            label="Received on"
            locale={localeForProperty(property)}
            required
            value={values.occurredAtLocal}
            onChange={(v) => set("occurredAtLocal", v, "occurredAt")}
            error={errorFor("occurredAt")}
            hint={property ? `Local time at the property (${property.timezone})` : undefined}
          />
        </>
      ) : (
        <>
          <SelectField id={`${idPrefix}-category`} label="Category" value={values.category} onChange={(e) => set("category", e.target.value as ExpenseCategory, "category")} error={errorFor("category")}>
            {EXPENSE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {labelFor(c)}
              </option>
            ))}
          </SelectField>
          <DateField
            id={`${idPrefix}-expenseDate`}
            label="Expense date"
            locale={localeForProperty(property)}
            required
            value={values.expenseDate}
            onChange={(v) => set("expenseDate", v, "expenseDate")}
            error={errorFor("expenseDate")}
          />
        </>
      )}
      <TextAreaField
        id={`${idPrefix}-description`}
        label="Description (optional)"
        rows={2}
        containerClassName="sm:col-span-2"
        value={values.description}
        onChange={(e) => set("description", e.target.value, "description")}
        error={errorFor("description")}
      />
      <div className="flex flex-wrap gap-2 sm:col-span-2">
        <Button type="submit" variant="primary" busy={mutation.isPending} onClick={() => (addAnother.current = false)}>
          {transaction ? "Save changes" : `Add ${kind}`}
        </Button>
        {!transaction && onSavedAndNext ? (
          <Button type="submit" disabled={mutation.isPending} onClick={() => (addAnother.current = true)}>
            Save and add another
          </Button>
        ) : null}
        {onCancel ? (
          <Button onClick={onCancel} disabled={mutation.isPending}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
