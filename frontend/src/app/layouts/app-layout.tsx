import { Suspense, useEffect, useState } from "react";
import { NavLink, Outlet, useLocation, useNavigate, useOutletContext } from "react-router";
import { Button } from "@/components/button";
import { ConnectionBanner } from "@/components/connection-banner";
import { ErrorBoundary } from "@/components/error-boundary";
import { InlineError, Loading } from "@/components/status";
import { paths } from "@/config/paths";
import { useMe } from "@/features/auth/api/get-me";
import { useLogout } from "@/features/auth/api/logout";
import type { Me } from "@/lib/api-types";
import { canUse, type Area } from "@/lib/authorization";
import { useLiveUpdates } from "@/app/live-updates";

export interface AppContext {
  me: Me;
}

/** The signed-in user and their properties, for every route below the layout. */
export function useAppContext(): AppContext {
  return useOutletContext<AppContext>();
}

const NAV: { to: string; label: string; area: Area; end?: boolean }[] = [
  { to: paths.today, label: "Today", area: "today", end: true },
  { to: paths.transactions, label: "Transactions", area: "transactions" },
  { to: paths.approvals, label: "Approvals", area: "approvals" },
  { to: paths.dailyReport, label: "Daily report", area: "dailyReport" },
  { to: paths.monthlyReport, label: "Monthly report", area: "monthlyReport" },
  { to: paths.cashiering, label: "Cashiering", area: "cashiering" },
  { to: paths.settings, label: "Settings", area: "settings" },
  { to: paths.operations, label: "Operations", area: "operations" },
];

const LIVE_LABELS = {
  connecting: { text: "Connecting…", dot: "bg-slate-400" },
  live: { text: "Live", dot: "bg-emerald-500" },
  polling: { text: "Refreshing every 15 s", dot: "bg-amber-500" },
} as const;

/** Header, role-aware navigation, the flash message of a refused page, and the page itself. */
export function AppLayout() {
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const live = useLiveUpdates(me.isSuccess);
  const [flash, setFlash] = useState<string | null>(null);

  const stateFlash = (location.state as { flash?: string } | null)?.flash ?? null;
  useEffect(() => {
    if (stateFlash) setFlash(stateFlash);
  }, [stateFlash, location.key]);

  const signOut = () => logout.mutate(undefined, { onSettled: () => void navigate(paths.signIn, { replace: true }) });

  if (me.isPending) return <Loading label="Loading your organisation…" />;
  if (me.isError) {
    return (
      <main className="mx-auto max-w-lg p-6">
        <InlineError error={me.error} onRetry={() => void me.refetch()} title="Could not load your account" />
        <div className="mt-3">
          <Button onClick={signOut}>Sign out</Button>
        </div>
      </main>
    );
  }

  const role = me.data.user.role;
  const liveLabel = live ? LIVE_LABELS[live] : null;
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <ConnectionBanner />
      <header data-app-header className="border-b border-slate-200 bg-white print:hidden">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <div>
            <p className="text-base font-semibold text-slate-900">{me.data.organization.name}</p>
            <p className="text-xs text-slate-500">
              {me.data.user.displayName} · <span className="capitalize">{role}</span>
            </p>
          </div>
          <div className="flex items-center gap-3">
            {liveLabel ? (
              <span className="flex items-center gap-1.5 text-xs text-slate-600" role="status" aria-live="polite">
                <span aria-hidden="true" className={`h-2 w-2 rounded-full ${liveLabel.dot}`} />
                {liveLabel.text}
              </span>
            ) : null}
            <Button onClick={signOut} busy={logout.isPending}>
              Sign out
            </Button>
          </div>
        </div>
        {/* Wraps rather than scrolls: on a phone every page stays one tap away, none hidden off-screen. */}
        <nav aria-label="Main" className="mx-auto max-w-7xl px-2 sm:px-4">
          <ul className="flex flex-wrap gap-x-1">
            {NAV.filter((item) => canUse(role, item.area)).map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.end}
                  className={({ isActive }) =>
                    `block border-b-2 px-2 py-2 text-sm sm:px-3 font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-indigo-600 ${
                      isActive ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"
                    }`
                  }
                >
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {flash ? (
          <div role="alert" className="mb-4 flex items-start justify-between gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 print:hidden">
            <p>{flash}</p>
            <button type="button" className="rounded px-1 focus-visible:outline-2 focus-visible:outline-amber-700" aria-label="Dismiss message" onClick={() => setFlash(null)}>
              ×
            </button>
          </div>
        ) : null}
        <ErrorBoundary label="this page">
          <Suspense fallback={<Loading label="Loading page…" />}>
            <Outlet context={{ me: me.data } satisfies AppContext} />
          </Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}

