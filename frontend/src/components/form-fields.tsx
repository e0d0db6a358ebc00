import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

const CONTROL =
  "mt-1 block w-full rounded-md border bg-white px-2.5 py-1.5 text-sm shadow-sm focus:outline-2 focus:outline-offset-1 focus:outline-indigo-600 disabled:bg-slate-100";

interface FieldShellProps {
  id: string;
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** Visible label, the control, a hint and the field's error (server or client) beneath it. */
export function FieldShell({ id, label, error, hint, children, className = "" }: FieldShellProps) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, error?: string | null, hint?: ReactNode): string | undefined {
  if (error) return `${id}-error`;
  if (hint) return `${id}-hint`;
  return undefined;
}

export type Common = { label: ReactNode; error?: string | null; hint?: ReactNode; containerClassName?: string };

/** The id, error wiring and styling every control shares. */
export function useControl(id: string | undefined, error: string | null | undefined, hint: ReactNode, className: string) {
  const autoId = useId();
  const fieldId = id ?? autoId;
  return {
    id: fieldId,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(fieldId, error, hint),
    className: `${CONTROL} ${error ? "border-red-500" : "border-slate-300"} ${className}`,
  };
}

export function TextField({ label, error, hint, containerClassName, id, className = "", ...rest }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const control = useControl(id, error, hint, className);
  return (
    <FieldShell id={control.id} label={label} error={error} hint={hint} className={containerClassName}>
      <input {...control} {...rest} />
    </FieldShell>
  );
}

export function SelectField({ label, error, hint, containerClassName, id, className = "", children, ...rest }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  const control = useControl(id, error, hint, className);
  return (
    <FieldShell id={control.id} label={label} error={error} hint={hint} className={containerClassName}>
      <select {...control} {...rest}>
        {children}
      </select>
    </FieldShell>
  );
}

export function TextAreaField({ label, error, hint, containerClassName, id, className = "", ...rest }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const control = useControl(id, error, hint, className);
  return (
    <FieldShell id={control.id} label={label} error={error} hint={hint} className={containerClassName}>
      <textarea {...control} {...rest} />
    </FieldShell>
  );
}

/** A form-level error (one not tied to a field), announced when it appears. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </p>
  );
}
