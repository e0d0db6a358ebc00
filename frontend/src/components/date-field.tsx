import { useEffect, useState, type ReactNode } from "react";
import { datePatternFor, formatDateInput, parseDateInput, parseTimeInput } from "@/lib/date-input";
import { formatBusinessDate, isIsoDate } from "@/lib/dates";
import { FieldShell, useControl, type Common } from "./form-fields";

interface DateFieldProps extends Common {
  id?: string;
  /** "YYYY-MM-DD" when what was typed is a date; otherwise the typed text (so a form can refuse it), or "". */
  value: string;
  onChange: (value: string) => void;
  /** The locale whose order the date is typed in (lib/date-input.ts localeForProperty). */
  locale: string;
  required?: boolean;
  /** Latest date accepted (YYYY-MM-DD); a later one is an error, not a value. */
  max?: string;
  min?: string;
  className?: string;
}

/** What a field's text means: the ISO date, or the text kept as typed with the reason it is not a date. */
function readDate(text: string, locale: string, min?: string, max?: string): { value: string; problem: string | null } {
  if (!text.trim()) return { value: "", problem: null };
  const parsed = parseDateInput(text, locale);
  if (!parsed.ok) return { value: text, problem: parsed.message };
  if (max && parsed.value > max) return { value: text, problem: `Choose a date on or before ${formatDateInput(max, locale)}.` };
  if (min && parsed.value < min) return { value: text, problem: `Choose a date on or after ${formatDateInput(min, locale)}.` };
  return { value: parsed.value, problem: null };
}

/**
 * A date typed as the property's locale writes it (dd/mm/yyyy for en-IN and en-GB), not the
 * browser's native picker. The hint repeats the date in words so a swapped day and month shows.
 */
export function DateField({ label, error, hint, containerClassName, id, className = "", value, onChange, locale, required, max, min }: DateFieldProps) {
  const pattern = datePatternFor(locale);
  const [text, setText] = useState(() => formatDateInput(value, locale));
  const [touched, setTouched] = useState(false);
  // A value set from outside (a preset, another property's today) replaces the text; the text's own value does not.
  useEffect(() => {
    if (readDate(text, locale, min, max).value !== value) setText(formatDateInput(value, locale));
  }, [value, locale]);
  const read = readDate(text, locale, min, max);
  // While typing, a message only once the whole date is there; after leaving the field, always.
  const own = touched || text.trim().length >= pattern.placeholder.length ? read.problem : null;
  const shownError = error ?? own;
  const shownHint = hint ?? (isIsoDate(read.value) ? `${pattern.placeholder} · ${formatBusinessDate(read.value, locale)}` : `Type it as ${pattern.placeholder}`);
  const control = useControl(id, shownError, shownHint, className);
  return (
    <FieldShell id={control.id} label={label} error={shownError} hint={shownHint} className={containerClassName}>
      <input
        {...control}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={pattern.placeholder}
        aria-required={required || undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(readDate(e.target.value, locale, min, max).value);
        }}
        onBlur={() => {
          setTouched(true);
          if (isIsoDate(read.value)) setText(formatDateInput(read.value, locale));
        }}
      />
    </FieldShell>
  );
}

interface DateTimeFieldProps extends Omit<DateFieldProps, "max" | "min" | "hint"> {
  /** "YYYY-MM-DDTHH:mm" when both parts are valid, otherwise "typed date|typed time". */
  value: string;
  /** Said under the time, such as the property's time zone. */
  hint?: ReactNode;
}

function splitDateTime(value: string): [string, string] {
  const iso = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
  if (iso) return [iso[1], iso[2]];
  const [date = "", time = ""] = value.split("|");
  return [date, time];
}

/** A date in the locale's order and a time on the 24-hour clock, side by side; one value for the form. */
export function DateTimeField({ label, error, hint, containerClassName, id, value, onChange, locale, required }: DateTimeFieldProps) {
  const [date, time] = splitDateTime(value);
  const [timeText, setTimeText] = useState(time);
  const [timeTouched, setTimeTouched] = useState(false);
  useEffect(() => {
    const parsed = parseTimeInput(timeText);
    if ((parsed.ok ? parsed.value : timeText) !== time) setTimeText(time);
  }, [time]);
  const combine = (d: string, t: string) => {
    const pt = parseTimeInput(t);
    return isIsoDate(d) && pt.ok ? `${d}T${pt.value}` : `${d}|${t}`;
  };
  const timeParsed = parseTimeInput(timeText);
  const timeError = timeTouched && !timeParsed.ok ? timeParsed.message : null;
  // The form's message belongs to the part that is wrong: the date's unless the date is fine.
  const dateIsFine = isIsoDate(date);
  const timeControl = useControl(id ? `${id}-time` : undefined, timeError ?? (dateIsFine ? error : null), hint, "");
  return (
    <div className={`grid grid-cols-[3fr_2fr] gap-2 ${containerClassName ?? ""}`}>
      <DateField id={id} label={label} locale={locale} required={required} value={date} error={dateIsFine ? null : error} onChange={(d) => onChange(combine(d, timeText))} />
      <FieldShell id={timeControl.id} label="Time (24-hour)" error={timeError ?? (dateIsFine ? error : null)} hint={hint}>
        <input
          {...timeControl}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder="hh:mm"
          aria-required={required || undefined}
          value={timeText}
          onChange={(e) => {
            setTimeText(e.target.value);
            onChange(combine(date, e.target.value));
          }}
          onBlur={() => {
            setTimeTouched(true);
            if (timeParsed.ok) setTimeText(timeParsed.value);
          }}
        />
      </FieldShell>
    </div>
  );
}
