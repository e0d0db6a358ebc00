import { SelectField, TextField } from "../../../components/form-fields";
import { PropertySelect } from "../../../components/property-select";
import type { Property, TransactionKind, TransactionStatus } from "../../../lib/api-types";
import type { TransactionFilters } from "../api/get-transactions";

interface Props {
  properties: Property[];
  value: TransactionFilters;
  onChange: (next: TransactionFilters) => void;
}

export function TransactionFiltersBar({ properties, value, onChange }: Props) {
  const dateRangeError = value.from && value.to && value.from > value.to ? "“From” must be on or before “To”." : null;
  return (
    <fieldset className="grid grid-cols-2 gap-3 md:grid-cols-5">
      <legend className="sr-only">Filter transactions</legend>
      <PropertySelect properties={properties} allowAll value={value.propertyId ?? ""} onChange={(propertyId) => onChange({ ...value, propertyId: propertyId || undefined })} />
      <SelectField label="Kind" value={value.kind ?? ""} onChange={(e) => onChange({ ...value, kind: (e.target.value || undefined) as TransactionKind | undefined })}>
        <option value="">All kinds</option>
        <option value="revenue">Revenue</option>
        <option value="expense">Expense</option>
      </SelectField>
      <SelectField label="Status" value={value.status ?? ""} onChange={(e) => onChange({ ...value, status: (e.target.value || undefined) as TransactionStatus | undefined })}>
        <option value="">All statuses</option>
        <option value="pending">Pending</option>
        <option value="approved">Approved</option>
        <option value="rejected">Rejected</option>
      </SelectField>
      <TextField label="From" type="date" value={value.from ?? ""} onChange={(e) => onChange({ ...value, from: e.target.value || undefined })} error={dateRangeError} />
      <TextField label="To" type="date" value={value.to ?? ""} onChange={(e) => onChange({ ...value, to: e.target.value || undefined })} />
    </fieldset>
  );
}
