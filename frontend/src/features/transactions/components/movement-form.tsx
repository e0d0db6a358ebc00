// A cash movement: cash taken to the safe or the bank, a float top-up from the bank, or a paid-out.
// It moves the cash book's cash and bank columns and never its revenue or expense totals.
import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Button } from "@/components/button";
import { DateField } from "@/components/date-field";
import { FormError, SelectField, TextField } from "@/components/form-fields";
import { errorMessage } from "@/components/status";
import type { MovementType, Property } from "@/lib/api-types";
import { dateValueProblem, localeForProperty } from "@/lib/date-input";
import { isIsoDate, todayIn } from "@/lib/dates";
import { firstProblem, useSingleSubmit } from "@/lib/form-submit";
import { parseMoneyToCents } from "@/lib/money";
import { useCreateMovement } from "@/features/transactions/api/create-movement";

export const MOVEMENT_LABELS: Record<MovementType, string> = {
  cash_drop: "Cash drop to the safe (cash out, bank in)",
  bank_deposit: "Bank deposit (cash out, bank in)",
  float_top_up: "Float top-up (cash in, bank out)",
  paid_out: "Paid-out (cash out)",
};
const MOVEMENT_TYPES = Object.keys(MOVEMENT_LABELS) as [MovementType, ...MovementType[]];

/** The form shows one problem at a time, the first of these. */
const ORDER = ["amount", "bankReference", "date"] as const;

/** What the form accepts for movements at `property` (its currency decides the decimals). */
export function movementFormSchema(property: Property) {
  return z
    .object({ propertyId: z.string(), movementType: z.enum(MOVEMENT_TYPES), amount: z.string(), date: z.string(), bankReference: z.string(), description: z.string() })
    .superRefine((v, ctx) => {
      const cents = parseMoneyToCents(v.amount, property.currency);
      if (cents === null || cents <= 0) ctx.addIssue({ code: "custom", path: ["amount"], message: `Enter the amount in ${property.currency}, more than zero.` });
      if (v.movementType === "bank_deposit" && !v.bankReference.trim()) ctx.addIssue({ code: "custom", path: ["bankReference"], message: "A bank deposit needs its deposit slip or transfer reference." });
      // The date field holds what was typed until it is a date it accepts (components/date-field.tsx).
      if (!isIsoDate(v.date)) ctx.addIssue({ code: "custom", path: ["date"], message: dateValueProblem(v.date, localeForProperty(property)) ?? "Choose a business date up to today." });
    });
}
type Values = z.infer<ReturnType<typeof movementFormSchema>>;

export function MovementForm({ properties, defaultPropertyId, onDone, onCancel }: {
  properties: Property[]; defaultPropertyId?: string; onDone: (message: string) => void; onCancel: () => void;
}) {
  const initialProperty = properties.find((p) => p.id === defaultPropertyId) ?? properties[0]!;
  const { register, control, handleSubmit, watch, formState } = useForm<Values>({
    defaultValues: { propertyId: initialProperty.id, movementType: "cash_drop", amount: "", date: todayIn(initialProperty.timezone), bankReference: "", description: "" },
    // The property chosen decides the currency the amount is read in.
    resolver: (values, context, options) => zodResolver(movementFormSchema(properties.find((p) => p.id === values.propertyId) ?? initialProperty))(values, context, options),
    reValidateMode: "onSubmit",
  });
  const { guard, release } = useSingleSubmit();
  const [propertyId, movementType] = watch(["propertyId", "movementType"]);
  const property = properties.find((p) => p.id === propertyId) ?? initialProperty;
  const create = useCreateMovement();
  const problem = firstProblem(formState.errors, ORDER);
  const valid = (v: Values) => {
    const cents = parseMoneyToCents(v.amount, property.currency) as number;
    create.mutate(
      { propertyId: property.id, movementType: v.movementType, amountCents: cents, date: v.date, bankReference: v.bankReference.trim() || undefined, description: v.description.trim() || undefined },
      { onSuccess: (m) => onDone(m.status === "pending" ? "Movement recorded; it waits for a manager's approval." : "Movement recorded."), onSettled: release },
    );
  };
  return (
    <form className="grid gap-3 sm:grid-cols-2" aria-label="New cash movement" onSubmit={guard(handleSubmit(valid, release))}>
      {properties.length > 1 ? (
        <SelectField label="Property" {...register("propertyId")}>
          {properties.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </SelectField>
      ) : null}
      <SelectField label="Movement" {...register("movementType")}>
        {MOVEMENT_TYPES.map((t) => <option key={t} value={t}>{MOVEMENT_LABELS[t]}</option>)}
      </SelectField>
      <TextField label={`Amount (${property.currency})`} inputMode="decimal" {...register("amount")} required />
      <Controller
        control={control}
        name="date"
        render={({ field }) => <DateField label="Business date" locale={localeForProperty(property)} value={field.value} max={todayIn(property.timezone)} onChange={field.onChange} required />}
      />
      <TextField label={movementType === "bank_deposit" ? "Bank reference (required)" : "Bank reference"} {...register("bankReference")} maxLength={100} />
      <TextField label="Description" {...register("description")} maxLength={500} />
      <div className="sm:col-span-2">
        <FormError message={problem ?? (create.error ? errorMessage(create.error) : null)} />
        <div className="mt-2 flex gap-2">
          <Button type="submit" variant="primary" busy={create.isPending}>Record movement</Button>
          <Button onClick={onCancel}>Cancel</Button>
        </div>
      </div>
    </form>
  );
}
