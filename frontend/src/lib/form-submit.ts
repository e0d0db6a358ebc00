// Submitting a react-hook-form form once: validation is asynchronous (the zod
// resolver), so a double click would start two submissions before the button
// shows busy. `guard` drops a submit while one is validating or in flight.
import { useRef, type BaseSyntheticEvent, type FormEvent } from "react";
import type { FieldErrors, FieldValues } from "react-hook-form";

export function useSingleSubmit() {
  const busy = useRef(false);
  return {
    /** The form's onSubmit: `handleSubmit(valid, invalid)` unless a submission is under way. */
    guard: (submit: (e?: BaseSyntheticEvent) => Promise<void>) => (e: FormEvent) => {
      if (busy.current) {
        e.preventDefault();
        return;
      }
      busy.current = true;
      void submit(e);
    },
    /** Call when the submission ends without a request (invalid input) or when its request settles. */
    release: () => {
      busy.current = false;
    },
  };
}

/** The message of the first field (in `order`) that failed, for forms that show one problem at a time. */
export function firstProblem<V extends FieldValues>(errors: FieldErrors<V>, order: readonly (keyof V & string)[]): string | null {
  for (const field of order) {
    const message = errors[field]?.message;
    if (typeof message === "string") return message;
  }
  return null;
}
