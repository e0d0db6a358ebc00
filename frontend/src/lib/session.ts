// The signed-in session: tokens in localStorage (so a reload keeps the user signed in)
// and a tiny subscribe API for React. The only module that touches these storage keys.
import type { SessionUser, Tokens } from "./api-types";

const KEYS = {
  accessToken: "accessToken",
  refreshToken: "refreshToken",
  expiry: "expiry",
  user: "sessionUser",
} as const;

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which the access token expires. */
  expiresAtMs: number;
  user: SessionUser | null;
}

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();
let cached: Session | null | undefined;

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

function read(): Session | null {
  const s = storage();
  if (!s) return null;
  const accessToken = s.getItem(KEYS.accessToken);
  const refreshToken = s.getItem(KEYS.refreshToken);
  if (!accessToken || !refreshToken) return null;
  let user: SessionUser | null = null;
  try {
    user = JSON.parse(s.getItem(KEYS.user) ?? "null") as SessionUser | null;
  } catch {
    user = null;
  }
  return { accessToken, refreshToken, expiresAtMs: Number(s.getItem(KEYS.expiry) ?? 0), user };
}

export function getSession(): Session | null {
  if (cached === undefined) cached = read();
  return cached;
}

export function setSessionFromTokens(tokens: Tokens, nowMs = Date.now()): Session {
  const session: Session = {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAtMs: nowMs + tokens.expiresInSeconds * 1000,
    user: tokens.user ?? getSession()?.user ?? null,
  };
  const s = storage();
  s?.setItem(KEYS.accessToken, session.accessToken);
  s?.setItem(KEYS.refreshToken, session.refreshToken);
  s?.setItem(KEYS.expiry, String(session.expiresAtMs));
  s?.setItem(KEYS.user, JSON.stringify(session.user));
  cached = session;
  emit();
  return session;
}

export function clearSession(): void {
  const s = storage();
  for (const key of Object.values(KEYS)) s?.removeItem(key);
  cached = null;
  emit();
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(): void {
  for (const listener of listeners) listener(cached ?? null);
}

// Another tab signing in or out changes localStorage; follow it.
if (typeof window !== "undefined") {
  window.addEventListener("storage", (event) => {
    if (event.key && (Object.values(KEYS) as string[]).includes(event.key)) {
      cached = read();
      emit();
    }
  });
}
