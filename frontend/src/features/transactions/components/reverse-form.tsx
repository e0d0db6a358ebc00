// Reversing an approved entry (all of it, or part: a refund) with a reason, on an open date. The original
// stays as it was; the reversal counts negative, so a closed day's figures never change.
import { useState } from "react";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/form-fields";
import { Money } from "@/components/money";
import { errorMessage } from "@/components/status";
import type { Property, Transaction } from "@/lib/api-types";
import { formatBusinessDate, todayIn } from "@/lib/dates";
import { parseMoneyToCents } from "@/lib/money";
import { useReverseTransaction } from "@/features/transactions/api/reverse-transaction";

export function ReverseForm({ tx, property, onDone, onCancel }: { tx: Transaction; property: Property; onDone: (message: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState("");
  const [amount, setAmount] = useState("");
  const [date, setDate] = useState(todayIn(property.timezone));
  const [problem, setProblem] = useState<string | null>(null);
  const reverse = useReverseTransaction();
  return (
    <form
      className="space-y-3 text-sm"
      aria-label="Reverse entry"
      onSubmit={(e) => {
        e.preventDefault();
        const cents = amount.trim() ? parseMoneyToCents(amount, property.currency) : undefined;
        if (cents === null || (cents !== undefined && cents <= 0)) return setProblem(`Enter the amount to reverse in ${property.currency}, or leave it empty for all of it.`);
        if (!reason.trim()) return setProblem("Say why the entry is reversed.");
        setProblem(null);
        reverse.mutate(
          { kind: tx.kind, id: tx.id, reason: reason.trim(), amountCents: cents, date },
          { onSuccess: (r) => onDone(r.status === "pending" ? "Reversal recorded; it waits for a manager's approval." : "Reversal recorded.") },
        );
      }}
    >
      <p>
        {tx.kind === "revenue" ? "Revenue" : "Expense"} of <Money cents={tx.amountCents} currency={property.currency} /> on {formatBusinessDate(tx.businessDate)}.
        The entry stays as it is; the reversal is a new entry that counts against it.
      </p>
      <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} />
      <TextField label={`Amount to reverse (${property.currency}; empty for all)`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
      <TextField label="Reversal date (an open day)" type="date" value={date} min={tx.businessDate} max={todayIn(property.timezone)} onChange={(e) => setDate(e.target.value)} required />
      <FormError message={problem ?? (reverse.error ? errorMessage(reverse.error) : null)} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" busy={reverse.isPending}>Record reversal</Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
