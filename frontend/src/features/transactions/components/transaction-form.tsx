import { useEffect, useRef } from "react";
import { Controller, useForm, type FieldErrors } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/button";
import { DateField, DateTimeField } from "@/components/date-field";
import { FormError, SelectField, TextAreaField, TextField } from "@/components/form-fields";
import { PropertySelect } from "@/components/property-select";
import { EXPENSE_CATEGORIES, REVENUE_SOURCES, type Property, type Transaction, type TransactionKind } from "@/lib/api-types";
import { localeForProperty } from "@/lib/date-input";
import { todayIn, toLocalInput, zonedLocalToUtc } from "@/lib/dates";
import { splitSubmitError } from "@/lib/form-errors";
import { useSingleSubmit } from "@/lib/form-submit";
import { centsToInput, formatMoney, parseMoneyToCents } from "@/lib/money";
import { newUuid } from "@/lib/uuid";
import { useCreateExpense } from "@/features/transactions/api/create-expense";
import { useCreateRevenue } from "@/features/transactions/api/create-revenue";
import { useUpdateTransaction } from "@/features/transactions/api/update-transaction";
import { TRANSACTION_FIELDS as FIELDS, changesMoney, loadedOccurredAt, transactionFormSchema, type TransactionField as Field, type TransactionFormValues as Values } from "./transaction-form-schema";

export const labelFor = (value: string) => value.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

function initialValues(kind: TransactionKind, properties: Property[], defaultPropertyId: string, tx?: Transaction): Values {
  const propertyId = tx?.propertyId ?? (defaultPropertyId || (properties.length === 1 ? properties[0].id : ""));
  const property = properties.find((p) => p.id === propertyId);
  const zone = property?.timezone ?? "UTC";
  return {
    propertyId,
    amountCents: tx ? centsToInput(tx.amountCents, property?.currency ?? "INR") : "",
    paymentMode: tx?.paymentMode ?? "cash",
    bankReference: tx?.bankReference ?? "",
    description: tx?.description ?? "",
    // The API types these as strings; an unknown one (a newer server's) falls back like a new entry.
    source: REVENUE_SOURCES.find((x) => x === tx?.source) ?? "room",
    category: EXPENSE_CATEGORIES.find((x) => x === tx?.category) ?? "supplies",
    occurredAt: toLocalInput(tx?.occurredAt ?? new Date(), zone),
    expenseDate: kind === "expense" && tx ? tx.businessDate : todayIn(zone),
    reason: "",
  };
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
  const schema = transactionFormSchema(kind, properties, transaction);
  const form = useForm<Values>({
    defaultValues: initialValues(kind, properties, defaultPropertyId, transaction),
    resolver: zodResolver(schema),
    // As before react-hook-form: messages appear on submit and a field's own goes when it is edited, not re-judged per keystroke.
    mode: "onSubmit",
    reValidateMode: "onSubmit",
    // Focus goes to the first invalid field in screen order (the date fields have no single input to hand over).
    shouldFocusError: false,
  });
  const { control, register, formState, clearErrors, getValues, setValue, watch } = form;
  // One key per submission: a resubmit of unchanged values (after a network failure) reuses it,
  // so the server creates the transaction at most once.
  const idempotencyKey = useRef(newUuid());
  // From the click until the request settles a second click (a double click) submits nothing.
  const { guard, release } = useSingleSubmit();
  const createRevenue = useCreateRevenue();
  const createExpense = useCreateExpense();
  const update = useUpdateTransaction();
  const mutation = transaction ? update : kind === "revenue" ? createRevenue : createExpense;
  const server = splitSubmitError(mutation.error, FIELDS);
  const [propertyId, amountText, paymentMode] = watch(["propertyId", "amountCents", "paymentMode"]);
  const property = properties.find((p) => p.id === propertyId);
  // Watching every value: whether the edit needs a reason depends on amount, mode and date together.
  const needsReason = transaction?.status === "approved" && changesMoney(kind, watch(), transaction, property);
  const errorFor = (f: Field) => formState.errors[f]?.message ?? (server.field === f ? server.fieldMessage : null);
  const idPrefix = `${kind}-${transaction?.id ?? "new"}`;

  const previewCents = property ? parseMoneyToCents(amountText, property.currency) : null;
  const amountPreview = property && previewCents !== null ? formatMoney(previewCents, property.currency) : null;

  // Until the user edits the date, it follows the chosen property's time zone ("now" there).
  const dateTouched = useRef(Boolean(transaction));
  const addAnother = useRef(false);

  // The first field a person has to fill gets focus when the form opens: the amount once the property is known.
  useEffect(() => {
    document.getElementById(`${idPrefix}-${getValues("propertyId") ? "amountCents" : "propertyId"}`)?.focus();
    // On open only: later property changes must not pull focus away from what the person is typing.
  }, []);

  /** Any edit: a new submission (new key), the field's message and a stale server error go. */
  const edited = (field: Field) => {
    if (field === "occurredAt" || field === "expenseDate") dateTouched.current = true;
    idempotencyKey.current = newUuid();
    if (formState.errors[field]) clearErrors(field);
    if (mutation.error) mutation.reset();
  };
  const text = (field: Field) => register(field, { onChange: () => edited(field) });

  const choseProperty = (id: string) => {
    setValue("propertyId", id);
    const zone = properties.find((p) => p.id === id)?.timezone;
    if (zone && !dateTouched.current) {
      setValue("occurredAt", toLocalInput(new Date(), zone));
      setValue("expenseDate", todayIn(zone));
    }
    edited("propertyId");
  };

  const invalid = (errors: FieldErrors<Values>) => {
    release();
    const first = FIELDS.find((f) => errors[f]);
    if (first) document.getElementById(`${idPrefix}-${first}`)?.focus();
  };

  const valid = (values: Values) => {
    const chosen = properties.find((p) => p.id === values.propertyId);
    if (!chosen) return invalid({});
    const amountCents = parseMoneyToCents(values.amountCents, chosen.currency) as number;
    const bankReference = values.paymentMode === "bank" ? values.bankReference.trim() : undefined;
    const description = values.description.trim() || undefined;
    const done = (tx: Transaction) => {
      idempotencyKey.current = newUuid();
      if (addAnother.current && onSavedAndNext) {
        // Keep property, payment mode and date; clear what differs from one entry to the next.
        setValue("amountCents", "");
        setValue("bankReference", "");
        setValue("description", "");
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
            // Sent only when the person changed it: the form has no seconds, so resending would move every revenue a little.
            ...(kind === "revenue"
              ? { source: values.source, ...(values.occurredAt !== loadedOccurredAt(transaction, chosen) ? { occurredAt: zonedLocalToUtc(values.occurredAt, chosen.timezone).toISOString() } : {}) }
              : { category: values.category, expenseDate: values.expenseDate }),
            ...(transaction.status === "approved" && changesMoney(kind, values, transaction, chosen) ? { reason: values.reason.trim() } : {}),
          },
        },
        { onSuccess: done, onSettled: release },
      );
    } else if (kind === "revenue") {
      const occurredAt = zonedLocalToUtc(values.occurredAt, chosen.timezone).toISOString();
      createRevenue.mutate(
        { input: { propertyId: chosen.id, amountCents, paymentMode: values.paymentMode, bankReference, description, source: values.source, occurredAt }, idempotencyKey: idempotencyKey.current },
        { onSuccess: done, onSettled: release },
      );
    } else {
      createExpense.mutate(
        { input: { propertyId: chosen.id, amountCents, paymentMode: values.paymentMode, bankReference, description, category: values.category, expenseDate: values.expenseDate }, idempotencyKey: idempotencyKey.current },
        { onSuccess: done, onSettled: release },
      );
    }
  };

  return (
    <form onSubmit={guard(form.handleSubmit(valid, invalid))} noValidate className="grid gap-4 sm:grid-cols-2" aria-label={`${transaction ? "Edit" : "Add"} ${kind}`}>
      <div className="sm:col-span-2">
        <FormError message={server.formMessage} />
      </div>
      <PropertySelect
        id={`${idPrefix}-propertyId`}
        properties={transaction ? properties.filter((p) => p.id === transaction.propertyId) : properties}
        value={propertyId}
        onChange={choseProperty}
        error={errorFor("propertyId")}
        required
      />
      <TextField
        id={`${idPrefix}-amountCents`}
        label={`Amount${property ? ` (${property.currency})` : ""}`}
        inputMode="decimal"
        autoComplete="off"
        required
        {...text("amountCents")}
        error={errorFor("amountCents")}
        hint={amountPreview ?? "For example 1250.50"}
      />
      <SelectField id={`${idPrefix}-paymentMode`} label="Paid by" {...text("paymentMode")} error={errorFor("paymentMode")}>
        <option value="cash">Cash</option>
        <option value="bank">Bank (card, UPI, transfer)</option>
      </SelectField>
      {paymentMode === "bank" ? (
        <TextField
          id={`${idPrefix}-bankReference`}
          label="Bank reference"
          required
          {...text("bankReference")}
          error={errorFor("bankReference")}
        />
      ) : (
        <div className="hidden sm:block" />
      )}
      {kind === "revenue" ? (
        <>
          <SelectField id={`${idPrefix}-source`} label="Source" {...text("source")} error={errorFor("source")}>
            {REVENUE_SOURCES.map((s) => (
              <option key={s} value={s}>
                {labelFor(s)}
              </option>
            ))}
          </SelectField>
          <Controller
            control={control}
            name="occurredAt"
            render={({ field }) => (
              <DateTimeField
                id={`${idPrefix}-occurredAt`}
                label="Received on"
                locale={localeForProperty(property)}
                required
                value={field.value}
                onChange={(v) => {
                  field.onChange(v);
                  edited("occurredAt");
                }}
                error={errorFor("occurredAt")}
                hint={property ? `Local time at the property (${property.timezone})` : undefined}
              />
            )}
          />
        </>
      ) : (
        <>
          <SelectField id={`${idPrefix}-category`} label="Category" {...text("category")} error={errorFor("category")}>
            {EXPENSE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {labelFor(c)}
              </option>
            ))}
          </SelectField>
          <Controller
            control={control}
            name="expenseDate"
            render={({ field }) => (
              <DateField
                id={`${idPrefix}-expenseDate`}
                label="Expense date"
                locale={localeForProperty(property)}
                required
                value={field.value}
                onChange={(v) => {
                  field.onChange(v);
                  edited("expenseDate");
                }}
                error={errorFor("expenseDate")}
              />
            )}
          />
        </>
      )}
      <TextAreaField
        id={`${idPrefix}-description`}
        label="Description (optional)"
        rows={2}
        containerClassName="sm:col-span-2"
        {...text("description")}
        error={errorFor("description")}
      />
      {needsReason ? (
        <TextAreaField
          id={`${idPrefix}-reason`}
          label="Reason for the change"
          rows={2}
          required
          containerClassName="sm:col-span-2"
          hint="Kept in the entry's history. The entry goes back to pending until someone other than you approves it."
          {...text("reason")}
          error={errorFor("reason")}
        />
      ) : null}
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
