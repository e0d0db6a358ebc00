// Reversing an approved entry (all of it, or part: a refund) with a reason, on an open date. The original
// stays as it was; the reversal counts negative, so a closed day's figures never change.
import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Button } from "@/components/button";
import { DateField } from "@/components/date-field";
import { FormError, TextField } from "@/components/form-fields";
import { Money } from "@/components/money";
import { errorMessage } from "@/components/status";
import type { Property, Transaction } from "@/lib/api-types";
import { dateValueProblem, localeForProperty } from "@/lib/date-input";
import { formatBusinessDate, isIsoDate, todayIn } from "@/lib/dates";
import { firstProblem, useSingleSubmit } from "@/lib/form-submit";
import { parseMoneyToCents } from "@/lib/money";
import { useReverseTransaction } from "@/features/transactions/api/reverse-transaction";

/** The form shows one problem at a time, the first of these. */
const ORDER = ["amount", "reason", "date"] as const;

/** What the form accepts: an empty amount reverses all that is left; a reason always. */
export function reverseFormSchema(property: Pick<Property, "currency">) {
  const { currency } = property;
  return z
    .object({ reason: z.string(), amount: z.string(), date: z.string() })
    .superRefine((v, ctx) => {
      const cents = v.amount.trim() ? parseMoneyToCents(v.amount, currency) : undefined;
      if (cents === null || (cents !== undefined && cents <= 0)) ctx.addIssue({ code: "custom", path: ["amount"], message: `Enter the amount to reverse in ${currency}, or leave it empty for all of it.` });
      if (!v.reason.trim()) ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why the entry is reversed." });
      // The date field holds what was typed until it is a date it accepts (components/date-field.tsx).
      if (!isIsoDate(v.date)) ctx.addIssue({ code: "custom", path: ["date"], message: dateValueProblem(v.date, localeForProperty(property)) ?? "Choose an open day from the entry's date up to today." });
    });
}
type Values = z.infer<ReturnType<typeof reverseFormSchema>>;

export function ReverseForm({ tx, property, onDone, onCancel }: { tx: Transaction; property: Property; onDone: (message: string) => void; onCancel: () => void }) {
  const { register, control, handleSubmit, formState } = useForm<Values>({
    defaultValues: { reason: "", amount: "", date: todayIn(property.timezone) },
    resolver: zodResolver(reverseFormSchema(property)),
    reValidateMode: "onSubmit",
  });
  const { guard, release } = useSingleSubmit();
  const reverse = useReverseTransaction();
  const problem = firstProblem(formState.errors, ORDER);
  const valid = (v: Values) => {
    const amountCents = v.amount.trim() ? (parseMoneyToCents(v.amount, property.currency) as number) : undefined;
    reverse.mutate(
      { kind: tx.kind, id: tx.id, reason: v.reason.trim(), amountCents, date: v.date },
      { onSuccess: (r) => onDone(r.status === "pending" ? "Reversal recorded; it waits for a manager's approval." : "Reversal recorded."), onSettled: release },
    );
  };
  return (
    <form className="space-y-3 text-sm" aria-label="Reverse entry" onSubmit={guard(handleSubmit(valid, release))}>
      <p>
        {tx.kind === "revenue" ? "Revenue" : "Expense"} of <Money cents={tx.amountCents} currency={property.currency} /> on {formatBusinessDate(tx.businessDate)}.
        The entry stays as it is; the reversal is a new entry that counts against it.
      </p>
      <TextField label="Reason" {...register("reason")} required maxLength={500} />
      <TextField label={`Amount to reverse (${property.currency}; empty for all)`} inputMode="decimal" {...register("amount")} />
      <Controller
        control={control}
        name="date"
        render={({ field }) => (
          <DateField label="Reversal date (an open day)" locale={localeForProperty(property)} value={field.value} min={tx.businessDate} max={todayIn(property.timezone)} onChange={field.onChange} required />
        )}
      />
      <FormError message={problem ?? (reverse.error ? errorMessage(reverse.error) : null)} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" busy={reverse.isPending}>Record reversal</Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
