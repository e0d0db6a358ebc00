import { onlineManager, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError } from "@/lib/api-client";

const timeOf = (ms: number) => new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(new Date(ms));

/**
 * Says when the figures on screen may be old: the browser is offline, or the
 * server cannot be reached. Names the time of the last answer received, and
 * goes away by itself when a request succeeds again.
 */
export function ConnectionBanner() {
  const queryClient = useQueryClient();
  const [online, setOnline] = useState(() => onlineManager.isOnline());
  const [unreachable, setUnreachable] = useState(false);
  const [lastUpdate, setLastUpdate] = useState<number | null>(() => {
    const times = queryClient.getQueryCache().getAll().map((q) => q.state.dataUpdatedAt).filter((t) => t > 0);
    return times.length ? Math.max(...times) : null;
  });

  useEffect(() => onlineManager.subscribe(setOnline), []);
  useEffect(() => {
    const cache = queryClient.getQueryCache();
    return cache.subscribe((event) => {
      if (event.type !== "updated") return;
      const { status, error, dataUpdatedAt } = event.query.state;
      if (status === "success" && event.action.type === "success") {
        setUnreachable(false);
        setLastUpdate((t) => Math.max(t ?? 0, dataUpdatedAt));
      } else if (event.action.type === "error" && error instanceof ApiError && error.status === 0) {
        setUnreachable(true);
      }
    });
  }, [queryClient]);

  if (online && !unreachable) return null;
  const since = lastUpdate ? ` Figures shown are from ${timeOf(lastUpdate)}.` : "";
  return (
    <div role="status" className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900 print:hidden">
      {online ? "The server cannot be reached; retrying." : "You are offline."}
      {since} New entries cannot be saved until the connection is back.
    </div>
  );
}
