import { useSyncExternalStore } from "react";
import { getSession, subscribeSession, type Session } from "./session";

/** The current session, re-rendering when it changes (sign-in, refresh, sign-out, other tabs). */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}
