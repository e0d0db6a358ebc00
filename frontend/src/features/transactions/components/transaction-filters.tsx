import { DateField } from "@/components/date-field";
import { SelectField, TextField } from "@/components/form-fields";
import { PropertySelect } from "@/components/property-select";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/button";
import { EXPENSE_CATEGORIES, REVENUE_SOURCES, type Property, type TransactionKind, type TransactionStatus, type User } from "@/lib/api-types";
import { localeForProperty } from "@/lib/date-input";
import { addDays, isIsoDate, todayIn } from "@/lib/dates";
import type { TransactionFilters } from "@/features/transactions/api/get-transactions";

const label = (v: string) => v.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

/** Date ranges people ask for most, in the zone of the chosen (or first) property. */
function presets(zone: string): { name: string; from: string; to: string }[] {
  const today = todayIn(zone);
  const monthStart = `${today.slice(0, 7)}-01`;
  const lastMonthEnd = addDays(monthStart, -1);
  return [
    { name: "Today", from: today, to: today },
    { name: "Yesterday", from: addDays(today, -1), to: addDays(today, -1) },
    { name: "Last 7 days", from: addDays(today, -6), to: today },
    { name: "This month", from: monthStart, to: today },
    { name: "Last month", from: `${lastMonthEnd.slice(0, 7)}-01`, to: lastMonthEnd },
  ];
}

interface Props {
  properties: Property[];
  /** People who may have entered entries (the users the caller can list). */
  users?: User[];
  value: TransactionFilters;
  /**
   * Called with only the filters that changed. The route applies them to the address as it is then: a
   * write made from this render's `value` could undo one still on its way to the screen (the search's
   * pause ending just after a preset was chosen wiped the preset and "Paid by").
   */
  onChange: (changed: Partial<TransactionFilters>) => void;
}

export function TransactionFiltersBar({ properties, users = [], value, onChange }: Props) {
  const dateRangeError = value.from && value.to && value.from > value.to ? "“From” must be on or before “To”." : null;
  // Dates are typed and shown as the chosen property writes them (the first one's for "All properties"), like the entry form.
  const property = properties.find((p) => p.id === value.propertyId) ?? properties[0];
  const zone = property?.timezone ?? "UTC";
  const locale = localeForProperty(property);
  // The URL only ever carries ISO dates: a half-typed or impossible date stays in the field, with its message, and leaves the filter as it was.
  const setDate = (key: "from" | "to") => (typed: string) => {
    if (typed === "") onChange({ [key]: undefined });
    else if (isIsoDate(typed) && typed !== value[key]) onChange({ [key]: typed });
  };
  // The search is sent when typing pauses, not on every key.
  const [search, setSearch] = useState(value.q ?? "");
  useEffect(() => setSearch(value.q ?? ""), [value.q]);
  // The pause ends with the latest props, not those of when the typing started.
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };
  useEffect(() => {
    const t = setTimeout(() => {
      const { value: now, onChange: change } = latest.current;
      if ((search.trim() || undefined) !== now.q) change({ q: search.trim() || undefined });
    }, 400);
    return () => clearTimeout(t);
    // Only the typed text restarts the pause; other filters changing must not resend it.
  }, [search]);
  return (
    <fieldset className="grid grid-cols-2 gap-3 md:grid-cols-5">
      <legend className="sr-only">Filter transactions</legend>
      <TextField
        label="Search"
        type="search"
        containerClassName="col-span-2 md:col-span-5"
        placeholder="Reference, description or amount (1250.50)"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <PropertySelect properties={properties} allowAll value={value.propertyId ?? ""} onChange={(propertyId) => onChange({ propertyId: propertyId || undefined })} />
      <SelectField label="Kind" value={value.kind ?? ""} onChange={(e) => onChange({ kind: (e.target.value || undefined) as TransactionKind | undefined })}>
        <option value="">All kinds</option>
        <option value="revenue">Revenue</option>
        <option value="expense">Expense</option>
      </SelectField>
      <SelectField label="Status" value={value.status ?? ""} onChange={(e) => onChange({ status: (e.target.value || undefined) as TransactionStatus | undefined })}>
        <option value="">All statuses</option>
        <option value="pending">Pending</option>
        <option value="approved">Approved</option>
        <option value="rejected">Rejected</option>
      </SelectField>
      <DateField label="From" locale={locale} value={value.from ?? ""} onChange={setDate("from")} error={dateRangeError} />
      <DateField label="To" locale={locale} value={value.to ?? ""} onChange={setDate("to")} />
      <SelectField label="Paid by" value={value.paymentMode ?? ""} onChange={(e) => onChange({ paymentMode: (e.target.value || undefined) as TransactionFilters["paymentMode"] })}>
        <option value="">Cash or bank</option>
        <option value="cash">Cash</option>
        <option value="bank">Bank</option>
      </SelectField>
      <SelectField label="Source or category" value={value.category ?? ""} onChange={(e) => onChange({ category: e.target.value || undefined })}>
        <option value="">All</option>
        <optgroup label="Revenue sources">
          {REVENUE_SOURCES.filter((s) => s !== "other").map((s) => <option key={s} value={s}>{label(s)}</option>)}
        </optgroup>
        <optgroup label="Expense categories">
          {EXPENSE_CATEGORIES.map((c) => <option key={c} value={c}>{label(c)}</option>)}
        </optgroup>
      </SelectField>
      {users.length > 1 ? (
        <SelectField label="Entered by" value={value.createdBy ?? ""} onChange={(e) => onChange({ createdBy: e.target.value || undefined })}>
          <option value="">Anyone</option>
          {users.map((u) => <option key={u.id} value={u.id}>{u.displayName}</option>)}
        </SelectField>
      ) : null}
      <div className="col-span-2 flex flex-wrap items-end gap-2 md:col-span-5" role="group" aria-label="Date range presets">
        {presets(zone).map((p) => (
          <Button key={p.name} variant="ghost" aria-pressed={value.from === p.from && value.to === p.to} onClick={() => onChange({ from: p.from, to: p.to })}>
            {p.name}
          </Button>
        ))}
        {value.from || value.to ? <Button variant="ghost" onClick={() => onChange({ from: undefined, to: undefined })}>Any date</Button> : null}
      </div>
    </fieldset>
  );
}
