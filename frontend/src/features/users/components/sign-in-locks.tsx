import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { FormError, TextField } from "@/components/form-fields";
import { EmptyState, InlineError, Loading, errorMessage } from "@/components/status";
import type { SignInLock, User } from "@/lib/api-types";
import { formatDateTime } from "@/lib/dates";
import { useSingleSubmit } from "@/lib/form-submit";
import { notify } from "@/lib/notifications";
import { useSignInLocks } from "@/features/users/api/get-sign-in-locks";
import { useUnlockUser } from "@/features/users/api/unlock-user";

const SCOPES: Record<SignInLock["scope"], string> = {
  account_address: "too many wrong passwords from one address",
  address: "too many failures from one address",
  account_unknown_addresses: "too many wrong passwords from many addresses (known devices still get in)",
};

/** Sign-in locks of the organisation: who, why, until when; an admin lifts one with a reason. */
export function SignInLocks({ users, zone }: { users: User[]; zone: string }) {
  const query = useSignInLocks();
  const [unlocking, setUnlocking] = useState<User | null>(null);
  const byId = new Map(users.map((u) => [u.id, u]));
  if (query.isPending) return <Loading label="Loading sign-in locks…" />;
  if (query.isError) return <InlineError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.length === 0) return <EmptyState>No account has been locked.</EmptyState>;
  return (
    <>
      <ul className="space-y-2 text-sm">
        {query.data.map((lock) => {
          const user = lock.userId ? byId.get(lock.userId) : undefined;
          return (
            <li key={lock.id} className="flex flex-wrap items-start justify-between gap-2 rounded-md border border-slate-200 p-3">
              <div>
                <p className="font-medium">
                  {user?.displayName ?? lock.email ?? "Unknown account"}{" "}
                  <span className={`ml-1 rounded px-1.5 py-0.5 text-xs ${lock.active ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-slate-700"}`}>
                    {lock.active ? "Locked" : lock.unlockedAt ? "Unlocked" : "Expired"}
                  </span>
                </p>
                <p className="text-xs text-slate-600">
                  {SCOPES[lock.scope]}{lock.address ? ` (${lock.address})` : ""} · {formatDateTime(lock.lockedAt, zone)}
                  {lock.active ? ` · lifts by itself at ${formatDateTime(lock.lockedUntil, zone)}` : ""}
                </p>
                {lock.unlockedAt ? (
                  <p className="text-xs text-slate-600">
                    Unlocked {formatDateTime(lock.unlockedAt, zone)} by {byId.get(lock.unlockedByUserId ?? "")?.displayName ?? "an admin"}: {lock.unlockReason}
                  </p>
                ) : null}
              </div>
              {lock.active && user ? (
                <Button onClick={() => setUnlocking(user)} aria-label={`Unlock ${user.displayName}`}>
                  Unlock
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
      <Dialog open={unlocking !== null} title="Unlock account" onClose={() => setUnlocking(null)}>
        {unlocking ? <UnlockForm user={unlocking} onDone={() => setUnlocking(null)} /> : null}
      </Dialog>
    </>
  );
}

const unlockSchema = z.object({ reason: z.string().trim().min(1, "Say why, for the record (for example: confirmed by phone).") });

function UnlockForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { register, handleSubmit, clearErrors, formState } = useForm<z.input<typeof unlockSchema>, unknown, z.output<typeof unlockSchema>>({
    defaultValues: { reason: "" },
    resolver: zodResolver(unlockSchema),
    reValidateMode: "onSubmit",
  });
  const { guard, release } = useSingleSubmit();
  const unlock = useUnlockUser();
  const valid = ({ reason }: z.output<typeof unlockSchema>) =>
    unlock.mutate(
      { id: user.id, reason },
      {
        onSuccess: () => {
          notify(`${user.displayName} can sign in again.`, "success");
          onDone();
        },
        onSettled: release,
      },
    );
  return (
    <form onSubmit={guard(handleSubmit(valid, release))} noValidate className="space-y-4">
      <FormError message={unlock.error ? errorMessage(unlock.error) : null} />
      <p className="text-sm">Lifts every sign-in lock on {user.displayName} ({user.email}).</p>
      <TextField label="Reason" required autoFocus {...register("reason", { onChange: () => clearErrors("reason") })} error={formState.errors.reason?.message} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" busy={unlock.isPending}>
          Unlock
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
