import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Button } from "@/components/button";
import { FormError, SelectField, TextField } from "@/components/form-fields";
import type { Property } from "@/lib/api-types";
import { isValidTimeZone } from "@/lib/dates";
import { splitSubmitError } from "@/lib/form-errors";
import { useSingleSubmit } from "@/lib/form-submit";
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

/** What the property form accepts; every rule in one superRefine so all messages show at once (zod skips refinements after a failed field). */
export const propertyFormSchema = z
  .object({ name: z.string(), timezone: z.string(), currency: z.string(), openingCashCents: z.string() })
  .superRefine((v, ctx) => {
    const fail = (path: Field, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (!v.name.trim()) fail("name", "Enter the property's name.");
    if (!isValidTimeZone(v.timezone)) fail("timezone", "Choose an IANA time zone such as Asia/Kolkata.");
    if (!/^[A-Z]{3}$/.test(v.currency)) fail("currency", "Use a three-letter currency code.");
    else if (parseMoneyToCents(v.openingCashCents, v.currency) === null) fail("openingCashCents", "Enter an amount such as 5000.00.");
  });
type Values = z.infer<typeof propertyFormSchema>;

export function PropertyForm({ property, onDone, onCancel }: { property?: Property; onDone: (p: Property) => void; onCancel: () => void }) {
  const { register, handleSubmit, watch, formState } = useForm<Values>({
    defaultValues: {
      name: property?.name ?? "",
      timezone: property?.timezone ?? "Asia/Kolkata",
      currency: property?.currency ?? "INR",
      openingCashCents: property ? centsToInput(property.openingCashCents, property.currency) : "0",
    },
    resolver: zodResolver(propertyFormSchema),
    reValidateMode: "onSubmit",
  });
  const { guard, release } = useSingleSubmit();
  const create = useCreateProperty({ onSuccess: onDone });
  const update = useUpdateProperty({ onSuccess: onDone });
  const mutation = property ? update : create;
  const server = splitSubmitError(mutation.error, FIELDS);
  const errorFor = (f: Field) => formState.errors[f]?.message ?? (server.field === f ? server.fieldMessage : null);
  const zones = zoneOptions();
  const [timezone, currency] = watch(["timezone", "currency"]);

  const valid = (v: Values) => {
    const input: PropertyInput = { name: v.name.trim(), timezone: v.timezone, currency: v.currency, openingCashCents: parseMoneyToCents(v.openingCashCents, v.currency) as number };
    if (property) update.mutate({ id: property.id, patch: input }, { onSettled: release });
    else create.mutate(input, { onSettled: release });
  };

  return (
    <form onSubmit={guard(handleSubmit(valid, release))} noValidate className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <FormError message={server.formMessage} />
      </div>
      <TextField label="Name" required {...register("name")} error={errorFor("name")} containerClassName="sm:col-span-2" />
      {zones.length > 0 ? (
        <SelectField label="Time zone" {...register("timezone")} error={errorFor("timezone")}>
          {(zones.includes(timezone) ? zones : [timezone, ...zones]).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </SelectField>
      ) : (
        <TextField label="Time zone" {...register("timezone")} error={errorFor("timezone")} hint="IANA name, e.g. Asia/Kolkata" />
      )}
      <SelectField label="Currency" {...register("currency")} error={errorFor("currency")}>
        {(CURRENCIES.includes(currency) ? CURRENCIES : [currency, ...CURRENCIES]).map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </SelectField>
      <TextField
        label={`Opening cash (${currency})`}
        inputMode="decimal"
        {...register("openingCashCents")}
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
