// The two counts of a shift: the float it opens with and the cash counted at its close.
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Button } from "@/components/button";
import { TextField } from "@/components/form-fields";
import { useSingleSubmit } from "@/lib/form-submit";
import { parseMoneyToCents } from "@/lib/money";
import type { useCloseShift, useOpenShift } from "@/features/cashiering/api/shift-actions";

/** A count of cash in `currency`: zero is a count (an empty drawer), a blank or a third decimal is not. */
export function cashCountSchema(currency: string) {
  return z.string().refine((text) => parseMoneyToCents(text, currency) !== null, `Enter the amount in ${currency}, such as 1250.50.`);
}

/** `open` is the panel's mutation, so the panel shows its error beside the other shift actions'. */
export function OpenShiftForm({ propertyId, currency, open }: { propertyId: string; currency: string; open: ReturnType<typeof useOpenShift> }) {
  const schema = z.object({ float: cashCountSchema(currency), blind: z.boolean() });
  const { register, handleSubmit, formState } = useForm<z.infer<typeof schema>>({ defaultValues: { float: "", blind: false }, resolver: zodResolver(schema), reValidateMode: "onSubmit" });
  const { guard, release } = useSingleSubmit();
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={guard(handleSubmit((v) => open.mutate({ propertyId, floatCents: parseMoneyToCents(v.float, currency) as number, blind: v.blind }, { onSettled: release }), release))}
    >
      <TextField label="Opening float" inputMode="decimal" {...register("float")} error={formState.errors.float?.message} required />
      <label className="flex items-center gap-2 text-sm"><input type="checkbox" {...register("blind")} /> Blind count</label>
      <Button type="submit" variant="primary" busy={open.isPending}>Open shift</Button>
    </form>
  );
}

export function CloseShiftForm({ shiftId, currency, closeShift }: { shiftId: string; currency: string; closeShift: ReturnType<typeof useCloseShift> }) {
  const schema = z.object({ counted: cashCountSchema(currency) });
  const { register, handleSubmit, formState } = useForm<z.infer<typeof schema>>({ defaultValues: { counted: "" }, resolver: zodResolver(schema), reValidateMode: "onSubmit" });
  const { guard, release } = useSingleSubmit();
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={guard(handleSubmit((v) => closeShift.mutate({ id: shiftId, countedCents: parseMoneyToCents(v.counted, currency) as number }, { onSettled: release }), release))}
    >
      <TextField label="Counted cash" inputMode="decimal" {...register("counted")} error={formState.errors.counted?.message} required />
      <Button type="submit" variant="primary" busy={closeShift.isPending}>Count and close shift</Button>
    </form>
  );
}
