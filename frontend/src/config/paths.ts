/**
 * Routes of the dashboard, in one place so links and redirects cannot drift apart. None may start
 * with an API prefix (/auth, /finance, /reports, /events, /properties, /users, /ops, /health):
 * the API host and the dev proxy send those to the API, so a reload there would not reach the SPA.
 */
export const paths = {
  signIn: "/sign-in",
  signUp: "/sign-up",
  today: "/",
  transactions: "/transactions",
  approvals: "/approvals",
  dailyReport: "/daily-report",
  monthlyReport: "/monthly-report",
  settings: "/settings",
  operations: "/operations",
  cashiering: "/cashiering",
} as const;

/** Sign-in URL that brings the user back to `next` afterwards. */
export function signInWithNext(next: string): string {
  return next && next !== paths.signIn ? `${paths.signIn}?next=${encodeURIComponent(next)}` : paths.signIn;
}

/** Only same-site paths may be used as post-login targets (no open redirect). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//")) return paths.today;
  return next;
}
