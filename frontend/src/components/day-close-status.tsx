// A business date's close state as Today and the daily report show it: closed days take no entries,
// so the badge says so before anyone tries.
import { Link } from "react-router";
import type { DayCloseState } from "@/lib/api-types";
import { formatDateTime } from "@/lib/dates";

export function DayCloseStatus({ state, timezone, locale, cashieringHref }: { state: DayCloseState | undefined; timezone: string; locale: string; cashieringHref: string }) {
  if (!state) return null;
  if (!state.closed) {
    return (
      <p className="text-sm text-slate-600" data-testid="day-close-status">
        Day open for entries ·{" "}
        <Link to={cashieringHref} className="font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
          Cashiering
        </Link>
      </p>
    );
  }
  return (
    <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="day-close-status">
      <strong>Day closed</strong>
      {state.closedBy ? ` by ${state.closedBy.displayName ?? "a manager"}` : ""}
      {state.closedAt ? ` at ${formatDateTime(state.closedAt, timezone, locale)}` : ""}
      {state.forcedReason ? ` (closed with shifts open: ${state.forcedReason})` : ""}. Its figures are final; corrections are reversals on an open day.{" "}
      <Link to={cashieringHref} className="font-medium text-amber-950 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-amber-700">
        Cashiering
      </Link>
    </p>
  );
}
