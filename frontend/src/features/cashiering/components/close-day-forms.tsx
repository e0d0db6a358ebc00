// The close-day panel's three small forms: reject a pending cash movement, close the day (with a reason
// when shifts are still open), and reopen a closed day (admins). Each takes the panel's mutation, so the
// panel shows its error in one place; each submits once and says what is missing beside the field.
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Button } from "@/components/button";
import { TextField } from "@/components/form-fields";
import { useSingleSubmit } from "@/lib/form-submit";
import type { useCloseDay } from "@/features/cashiering/api/close-day";
import type { useDecideMovement } from "@/features/cashiering/api/decide-movement";
import type { useReopenDay } from "@/features/cashiering/api/reopen-day";

/** Longest reason or note the server takes (finance/schemas.ts). */
const MAX_TEXT = 500;
const tooLong = `Keep it under ${MAX_TEXT} characters.`;
const reason = (missing: string) => z.string().trim().min(1, missing).max(MAX_TEXT, tooLong);

const rejectSchema = z.object({ reason: reason("Say why the movement is rejected.") });

export function RejectMovementForm({ movementId, decide, onCancel, onDone }: { movementId: string; decide: ReturnType<typeof useDecideMovement>; onCancel: () => void; onDone: () => void }) {
  const { register, handleSubmit, formState } = useForm<z.input<typeof rejectSchema>, unknown, z.output<typeof rejectSchema>>({
    defaultValues: { reason: "" }, resolver: zodResolver(rejectSchema), reValidateMode: "onSubmit",
  });
  const { guard, release } = useSingleSubmit();
  return (
    <form
      className="inline-flex flex-wrap items-end gap-2"
      aria-label="Reject movement"
      noValidate
      onSubmit={guard(handleSubmit((v) => decide.mutate({ id: movementId, decision: "reject", reason: v.reason }, { onSuccess: onDone, onSettled: release }), release))}
    >
      <TextField label="Reason to reject" autoFocus {...register("reason")} error={formState.errors.reason?.message} required maxLength={MAX_TEXT} />
      <Button type="submit" busy={decide.isPending && decide.variables?.id === movementId}>Reject</Button>
      <Button onClick={onCancel}>Cancel</Button>
    </form>
  );
}

/** With shifts still open the close is forced, and the server wants the reason for it. */
function closeSchema(forced: boolean) {
  return z.object({
    note: z.string().trim().max(MAX_TEXT, tooLong),
    forceReason: forced ? reason("Say why the day closes with shifts still open.") : z.string(),
  });
}

export function CloseDayForm({ propertyId, date, openShifts, blocked, close }: {
  propertyId: string; date: string; openShifts: number; blocked: boolean; close: ReturnType<typeof useCloseDay>;
}) {
  const forced = openShifts > 0;
  const schema = closeSchema(forced);
  const { register, handleSubmit, formState } = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    defaultValues: { note: "", forceReason: "" }, resolver: zodResolver(schema), reValidateMode: "onSubmit",
  });
  const { guard, release } = useSingleSubmit();
  const valid = (v: z.output<typeof schema>) =>
    close.mutate({ propertyId, date, note: v.note || undefined, ...(forced ? { force: true, reason: v.forceReason } : {}) }, { onSettled: release });
  return (
    <form className="flex flex-wrap items-end gap-3" aria-label={`Close ${date}`} noValidate onSubmit={guard(handleSubmit(valid, release))}>
      <TextField label="Note" {...register("note")} error={formState.errors.note?.message} maxLength={MAX_TEXT} />
      {forced && <TextField label="Reason to close with shifts open" {...register("forceReason")} error={formState.errors.forceReason?.message} required maxLength={MAX_TEXT} />}
      <Button type="submit" variant="primary" busy={close.isPending} disabled={blocked}>Close {date}</Button>
    </form>
  );
}

const reopenSchema = z.object({ reason: reason("Say why the day is reopened, for the record.") });

export function ReopenDayForm({ propertyId, date, reopen }: { propertyId: string; date: string; reopen: ReturnType<typeof useReopenDay> }) {
  const { register, handleSubmit, formState } = useForm<z.input<typeof reopenSchema>, unknown, z.output<typeof reopenSchema>>({
    defaultValues: { reason: "" }, resolver: zodResolver(reopenSchema), reValidateMode: "onSubmit",
  });
  const { guard, release } = useSingleSubmit();
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      aria-label={`Reopen ${date}`}
      noValidate
      onSubmit={guard(handleSubmit((v) => reopen.mutate({ propertyId, date, reason: v.reason }, { onSettled: release }), release))}
    >
      <TextField label="Reason to reopen" {...register("reason")} error={formState.errors.reason?.message} required maxLength={MAX_TEXT} />
      <Button type="submit" busy={reopen.isPending}>Reopen {date}</Button>
    </form>
  );
}
