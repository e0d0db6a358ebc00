import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { FormError, SelectField, TextField } from "@/components/form-fields";
import type { Property } from "@/lib/api-types";
import { isValidTimeZone } from "@/lib/dates";
import { splitSubmitError } from "@/lib/form-errors";
import { centsToInput, parseMoneyToCents } from "@/lib/money";
import { useCreateProperty, type PropertyInput } from "@/features/properties/api/create-property";
import { useUpdateProperty } from "@/features/properties/api/update-property";

const FIELDS = ["name", "timezone", "currency", "openingCashCents"] as const;
type Field = (typeof FIELDS)[number];

/** Currencies offered in the picker; others can still exist on the server. */
const CURRENCIES = ["INR", "USD", "EUR", "GBP", "AED", "SGD", "AUD", "CAD", "LKR", "NPR", "THB", "JPY"];

function zoneOptions(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.("timeZone") ?? [];
  } catch {
    return [];
  }
}

export function PropertyForm({ property, onDone, onCancel }: { property?: Property; onDone: (p: Property) => void; onCancel: () => void }) {
  const [name, setName] = useState(property?.name ?? "");
  const [timezone, setTimezone] = useState(property?.timezone ?? "Asia/Kolkata");
  const [currency, setCurrency] = useState(property?.currency ?? "INR");
  const [openingCash, setOpeningCash] = useState(property ? centsToInput(property.openingCashCents, property.currency) : "0");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const create = useCreateProperty({ onSuccess: onDone });
  const update = useUpdateProperty({ onSuccess: onDone });
  const mutation = property ? update : create;
  const server = splitSubmitError(mutation.error, FIELDS);
  const errorFor = (f: Field) => errors[f] ?? (server.field === f ? server.fieldMessage : null);
  const zones = zoneOptions();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!name.trim()) found.name = "Enter the property's name.";
    if (!isValidTimeZone(timezone)) found.timezone = "Choose an IANA time zone such as Asia/Kolkata.";
    if (!/^[A-Z]{3}$/.test(currency)) found.currency = "Use a three-letter currency code.";
    const cents = found.currency ? null : parseMoneyToCents(openingCash, currency);
    if (cents === null) found.openingCashCents = "Enter an amount such as 5000.00.";
    setErrors(found);
    if (Object.keys(found).length > 0 || cents === null) return;
    const input: PropertyInput = { name: name.trim(), timezone, currency, openingCashCents: cents };
    if (property) update.mutate({ id: property.id, patch: input });
    else create.mutate(input);
  };

  return (
    <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <FormError message={server.formMessage} />
      </div>
      <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} error={errorFor("name")} containerClassName="sm:col-span-2" />
      {zones.length > 0 ? (
        <SelectField label="Time zone" value={timezone} onChange={(e) => setTimezone(e.target.value)} error={errorFor("timezone")}>
          {(zones.includes(timezone) ? zones : [timezone, ...zones]).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </SelectField>
      ) : (
        <TextField label="Time zone" value={timezone} onChange={(e) => setTimezone(e.target.value)} error={errorFor("timezone")} hint="IANA name, e.g. Asia/Kolkata" />
      )}
      <SelectField label="Currency" value={currency} onChange={(e) => setCurrency(e.target.value)} error={errorFor("currency")}>
        {(CURRENCIES.includes(currency) ? CURRENCIES : [currency, ...CURRENCIES]).map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </SelectField>
      <TextField
        label={`Opening cash (${currency})`}
        inputMode="decimal"
        value={openingCash}
        onChange={(e) => setOpeningCash(e.target.value)}
        error={errorFor("openingCashCents")}
        hint="Cash in hand on the first day of the cash book."
      />
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" variant="primary" busy={mutation.isPending}>
          {property ? "Save property" : "Add property"}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
