import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths } from "@/config/api-paths";
import { api } from "@/lib/api-client";
import type { Movement } from "@/lib/api-types";
import { invalidateDayViews } from "./get-day";

/** A manager's decision on a pending cash movement: approve, or reject with a reason (the server refuses one's own). */
export type MovementDecision = { id: string; decision: "approve" } | { id: string; decision: "reject"; reason: string };

export function decideMovement(d: MovementDecision): Promise<Movement> {
  const path = `${apiPaths.finance.movements}/${encodeURIComponent(d.id)}/${d.decision}`;
  return api.post<Movement>(path, d.decision === "reject" ? { reason: d.reason } : undefined);
}

export function useDecideMovement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: decideMovement,
    onSettled: () => invalidateDayViews(queryClient),
  });
}
