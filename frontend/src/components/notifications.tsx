import { useSyncExternalStore } from "react";
import { dismiss, getNotices, subscribeNotices } from "@/lib/notifications";

const TONES = {
  info: "border-sky-200 bg-sky-50 text-sky-900",
  success: "border-emerald-200 bg-emerald-50 text-emerald-900",
  error: "border-red-200 bg-red-50 text-red-900",
} as const;

/** Transient notices in the corner, announced politely to screen readers. */
export function Notifications() {
  const notices = useSyncExternalStore(subscribeNotices, getNotices, getNotices);
  return (
    <div aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2 print:hidden">
      {notices.map((n) => (
        <div key={n.id} role={n.tone === "error" ? "alert" : "status"} className={`pointer-events-auto flex items-start gap-2 rounded-md border p-3 text-sm shadow ${TONES[n.tone]}`}>
          <p className="flex-1">{n.message}</p>
          <button type="button" onClick={() => dismiss(n.id)} aria-label="Dismiss" className="rounded px-1 focus-visible:outline-2 focus-visible:outline-current">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
