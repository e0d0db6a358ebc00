// Who may scrape /metrics: anyone while the OpsToken secret is unset,
// otherwise only a caller presenting exactly that token as a bearer token.
import { createHash, timingSafeEqual } from "node:crypto";

/** True when no token is configured, or the header carries exactly that token (compared in constant time). */
export function scrapeAllowed(authorization: string | undefined, token: string): boolean {
  if (!token) return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return false;
  // Hash both sides so the comparison takes the same time whatever the lengths.
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
