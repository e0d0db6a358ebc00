// Shifts of the day: open one with the float, count and close your own, and (managers) sign off others'.
import { Button } from "@/components/button";
import { FormError } from "@/components/form-fields";
import { Money } from "@/components/money";
import { errorMessage, InlineError, Loading } from "@/components/status";
import type { Property, Role } from "@/lib/api-types";
import { useDay } from "@/features/cashiering/api/get-day";
import { useCloseShift, useOpenShift, useSignOffShift } from "@/features/cashiering/api/shift-actions";
import { CloseShiftForm, OpenShiftForm } from "./shift-forms";

export function ShiftsPanel({ property, date, role, userId, isToday }: { property: Property; date: string; role: Role; userId: string; isToday: boolean }) {
  const day = useDay(property.id, date);
  const open = useOpenShift();
  const closeShift = useCloseShift();
  const signOff = useSignOffShift();
  if (day.isPending) return <Loading />;
  if (day.isError) return <InlineError error={day.error} onRetry={() => day.refetch()} />;
  const c = property.currency;
  const mine = day.data.shifts.find((s) => s.cashier.id === userId && s.status === "open");
  const error = open.error ?? closeShift.error ?? signOff.error;
  return (
    <div className="space-y-3" data-testid="shifts">
      <table className="w-full text-left text-sm">
        <thead><tr><th>Cashier</th><th>Status</th><th>Float</th><th>Expected</th><th>Counted</th><th>Over/short</th><th><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {day.data.shifts.map((s) => (
            <tr key={s.id}>
              <td>{s.cashier.displayName}</td>
              <td>{s.status.replace("_", " ")}</td>
              <td><Money cents={s.floatCents} currency={c} /></td>
              <td>{s.expectedCents === null ? "hidden until counted" : <Money cents={s.expectedCents} currency={c} />}</td>
              <td><Money cents={s.countedCents} currency={c} /></td>
              <td><Money cents={s.overShortCents} currency={c} /></td>
              <td>{role !== "staff" && s.status === "closed" && s.cashier.id !== userId && <Button busy={signOff.isPending} onClick={() => signOff.mutate({ id: s.id })}>Sign off</Button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {isToday && !mine && <OpenShiftForm propertyId={property.id} currency={c} open={open} />}
      {mine && <CloseShiftForm key={mine.id} shiftId={mine.id} currency={c} closeShift={closeShift} />}
      {error && <FormError message={errorMessage(error)} />}
    </div>
  );
}
