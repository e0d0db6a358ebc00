// A tiny store of transient notices ("Saved", "You cannot open Settings") shown by <Notifications/>.
export type NoticeTone = "info" | "success" | "error";

export interface Notice {
  id: number;
  tone: NoticeTone;
  message: string;
}

type Listener = (notices: readonly Notice[]) => void;
const listeners = new Set<Listener>();
let notices: readonly Notice[] = [];
let nextId = 1;

/** How long a notice stays on screen. */
const NOTICE_TTL_MS = 6_000;

/** A new notice replaces older ones of the same tone but errors, so quick entry does not stack "saved" messages; errors stay until read or timed out. */
export function notify(message: string, tone: NoticeTone = "info"): void {
  const notice = { id: nextId++, tone, message };
  notices = [...notices.filter((n) => n.tone === "error" || n.tone !== tone).slice(-2), notice];
  emit();
  setTimeout(() => dismiss(notice.id), NOTICE_TTL_MS);
}

export function dismiss(id: number): void {
  notices = notices.filter((n) => n.id !== id);
  emit();
}

export function getNotices(): readonly Notice[] {
  return notices;
}

export function subscribeNotices(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(): void {
  for (const l of listeners) l(notices);
}
