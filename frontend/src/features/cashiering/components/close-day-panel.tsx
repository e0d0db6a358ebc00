// The close-day review: the day's state, what blocks the close (pending entries, open shifts), the approved
// figures, then confirm. Managers and admins close; admins reopen with a reason; staff see the state only.
import { useState } from "react";
import { Button } from "@/components/button";
import { FormError } from "@/components/form-fields";
import { Money } from "@/components/money";
import { errorMessage, InlineError, Loading } from "@/components/status";
import type { Property, Role } from "@/lib/api-types";
import { useCloseDay } from "@/features/cashiering/api/close-day";
import { useDay } from "@/features/cashiering/api/get-day";
import { useReopenDay } from "@/features/cashiering/api/reopen-day";
import { useDecideMovement } from "@/features/cashiering/api/decide-movement";
import { CloseDayForm, RejectMovementForm, ReopenDayForm } from "./close-day-forms";

export function CloseDayPanel({ property, date, role, userId }: { property: Property; date: string; role: Role; userId: string }) {
  const day = useDay(property.id, date);
  const decide = useDecideMovement();
  const [rejectingId, setRejectingId] = useState<string | null>(null);
  const close = useCloseDay();
  const reopen = useReopenDay();
  if (day.isPending) return <Loading />;
  if (day.isError) return <InlineError error={day.error} onRetry={() => day.refetch()} />;
  const d = day.data;
  const c = property.currency;
  const openShifts = d.shifts.filter((s) => s.status === "open");
  const canClose = role !== "staff" && d.state !== "closed";
  return (
    <div className="space-y-3" data-testid="close-day">
      <p role="status" className="font-medium">
        {d.state === "closed" && d.close
          ? `Closed by ${d.close.closedBy.displayName ?? "a manager"} at ${new Date(d.close.closedAt).toLocaleString()}`
          : d.state === "locked" ? `Locked: before the editable window (changes allowed from ${d.earliestOpenDate})` : "Open"}
      </p>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <div><dt className="text-sm text-slate-500">Cash received</dt><dd><Money cents={d.figures.cashReceivedCents} currency={c} /></dd></div>
        <div><dt className="text-sm text-slate-500">Bank received</dt><dd><Money cents={d.figures.bankReceivedCents} currency={c} /></dd></div>
        <div><dt className="text-sm text-slate-500">Cash expenses</dt><dd><Money cents={d.figures.cashExpensesCents} currency={c} /></dd></div>
        <div><dt className="text-sm text-slate-500">Bank expenses</dt><dd><Money cents={d.figures.bankExpensesCents} currency={c} /></dd></div>
      </dl>
      {d.pending.length > 0 && (
        <div>
          <h3 className="font-medium">Pending — approve, reject or move these first</h3>
          <ul className="list-disc pl-5">
            {d.pending.map((p) => (
              <li key={p.id}>
                {p.kind} <Money cents={p.amountCents} currency={c} /> by {p.createdBy.displayName ?? "someone"}
                {/* Revenues and expenses are decided in the Approvals queue; cash movements here (maker-checker: never one's own). */}
                {p.kind === "movement" && role !== "staff" && p.createdBy.id !== userId && (
                  <span className="ml-2 inline-flex flex-wrap items-end gap-2">
                    <Button busy={decide.isPending && decide.variables?.id === p.id && decide.variables.decision === "approve"} onClick={() => decide.mutate({ id: p.id, decision: "approve" })}>
                      Approve movement
                    </Button>
                    {rejectingId === p.id ? (
                      <RejectMovementForm movementId={p.id} decide={decide} onCancel={() => setRejectingId(null)} onDone={() => setRejectingId(null)} />
                    ) : (
                      <Button onClick={() => setRejectingId(p.id)}>Reject movement</Button>
                    )}
                  </span>
                )}
              </li>
            ))}
          </ul>
          {decide.isError && <FormError message={errorMessage(decide.error)} />}
        </div>
      )}
      {openShifts.length > 0 && <p>{openShifts.length} shift{openShifts.length === 1 ? " is" : "s are"} still open: count and close {openShifts.length === 1 ? "it" : "them"}, or force the close with a reason.</p>}
      {canClose && <CloseDayForm propertyId={property.id} date={date} openShifts={openShifts.length} blocked={d.pending.length > 0} close={close} />}
      {close.isError && <FormError message={errorMessage(close.error)} />}
      {role === "admin" && d.state === "closed" && <ReopenDayForm propertyId={property.id} date={date} reopen={reopen} />}
      {reopen.isError && <FormError message={errorMessage(reopen.error)} />}
    </div>
  );
}
