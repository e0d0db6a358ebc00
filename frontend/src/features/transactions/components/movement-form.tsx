// A cash movement: cash taken to the safe or the bank, a float top-up from the bank, or a paid-out.
// It moves the cash book's cash and bank columns and never its revenue or expense totals.
import { useState } from "react";
import { Button } from "@/components/button";
import { FormError, SelectField, TextField } from "@/components/form-fields";
import { errorMessage } from "@/components/status";
import type { MovementType, Property } from "@/lib/api-types";
import { todayIn } from "@/lib/dates";
import { parseMoneyToCents } from "@/lib/money";
import { useCreateMovement } from "@/features/transactions/api/create-movement";

export const MOVEMENT_LABELS: Record<MovementType, string> = {
  cash_drop: "Cash drop to the safe (cash out, bank in)",
  bank_deposit: "Bank deposit (cash out, bank in)",
  float_top_up: "Float top-up (cash in, bank out)",
  paid_out: "Paid-out (cash out)",
};

export function MovementForm({ properties, defaultPropertyId, onDone, onCancel }: {
  properties: Property[]; defaultPropertyId?: string; onDone: (message: string) => void; onCancel: () => void;
}) {
  const [propertyId, setPropertyId] = useState(defaultPropertyId ?? properties[0]?.id ?? "");
  const property = properties.find((p) => p.id === propertyId) ?? properties[0]!;
  const [movementType, setMovementType] = useState<MovementType>("cash_drop");
  const [amount, setAmount] = useState("");
  const [date, setDate] = useState(todayIn(property.timezone));
  const [bankReference, setBankReference] = useState("");
  const [description, setDescription] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreateMovement();
  return (
    <form
      className="grid gap-3 sm:grid-cols-2"
      aria-label="New cash movement"
      onSubmit={(e) => {
        e.preventDefault();
        const cents = parseMoneyToCents(amount, property.currency);
        if (cents === null || cents <= 0) return setProblem(`Enter the amount in ${property.currency}, more than zero.`);
        if (movementType === "bank_deposit" && !bankReference.trim()) return setProblem("A bank deposit needs its deposit slip or transfer reference.");
        setProblem(null);
        create.mutate(
          { propertyId: property.id, movementType, amountCents: cents, date, bankReference: bankReference.trim() || undefined, description: description.trim() || undefined },
          { onSuccess: (m) => onDone(m.status === "pending" ? "Movement recorded; it waits for a manager's approval." : "Movement recorded.") },
        );
      }}
    >
      {properties.length > 1 ? (
        <SelectField label="Property" value={property.id} onChange={(e) => setPropertyId(e.target.value)}>
          {properties.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </SelectField>
      ) : null}
      <SelectField label="Movement" value={movementType} onChange={(e) => setMovementType(e.target.value as MovementType)}>
        {(Object.keys(MOVEMENT_LABELS) as MovementType[]).map((t) => <option key={t} value={t}>{MOVEMENT_LABELS[t]}</option>)}
      </SelectField>
      <TextField label={`Amount (${property.currency})`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} required />
      <TextField label="Business date" type="date" value={date} max={todayIn(property.timezone)} onChange={(e) => setDate(e.target.value)} required />
      <TextField label={movementType === "bank_deposit" ? "Bank reference (required)" : "Bank reference"} value={bankReference} onChange={(e) => setBankReference(e.target.value)} maxLength={100} />
      <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />
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
