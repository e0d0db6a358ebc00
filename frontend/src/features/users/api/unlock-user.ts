import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { UnlockUserResponse } from "@/lib/api-types";
import { getSignInLocksQueryOptions } from "./get-sign-in-locks";

/** Lifts a user's sign-in locks at every address; the reason is kept in the lock's history. */
export function unlockUser(id: string, reason: string): Promise<UnlockUserResponse> {
  return api.post<UnlockUserResponse>(apiPaths.users.unlock(id), { reason });
}

export function useUnlockUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => unlockUser(id, reason),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: getSignInLocksQueryOptions().queryKey }),
  });
}
