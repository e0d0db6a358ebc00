/** Routes of the dashboard, in one place so links and redirects cannot drift apart. */
export const paths = {
  signIn: "/sign-in",
  signUp: "/sign-up",
  today: "/",
  transactions: "/transactions",
  approvals: "/approvals",
  dailyReport: "/reports/daily",
  monthlyReport: "/reports/monthly",
  settings: "/settings",
  operations: "/operations",
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
