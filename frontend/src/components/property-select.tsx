import type { Property } from "@/lib/api-types";
import { SelectField } from "./form-fields";

interface PropertySelectProps {
  properties: Property[];
  value: string;
  onChange: (propertyId: string) => void;
  label?: string;
  /** Offer "All properties" (value ""). */
  allowAll?: boolean;
  error?: string | null;
  id?: string;
  required?: boolean;
  containerClassName?: string;
}

export function PropertySelect({ properties, value, onChange, label = "Property", allowAll = false, error, id, required, containerClassName }: PropertySelectProps) {
  return (
    <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value)} error={error} id={id} required={required} containerClassName={containerClassName}>
      {allowAll ? <option value="">All properties</option> : null}
      {!allowAll && !value ? <option value="">Choose a property</option> : null}
      {properties.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </SelectField>
  );
}
