import { createBrowserRouter, Navigate, useLocation, type RouteObject } from "react-router";
import { lazy, type ReactNode } from "react";
import { paths, signInWithNext } from "@/config/paths";
import { canUse, type Area } from "@/lib/authorization";
import { useSession } from "@/lib/use-session";
import { AppLayout, useAppContext } from "./layouts/app-layout";
import { NotFoundRoute } from "./routes/not-found";
import { SignInRoute } from "./routes/sign-in";
import { SignUpRoute } from "./routes/sign-up";

// Pages load on demand: the charts library only ships with the pages that draw charts.
const TodayRoute = lazy(() => import("./routes/today").then((m) => ({ default: m.TodayRoute })));
const TransactionsRoute = lazy(() => import("./routes/transactions").then((m) => ({ default: m.TransactionsRoute })));
const ApprovalsRoute = lazy(() => import("./routes/approvals").then((m) => ({ default: m.ApprovalsRoute })));
const DailyReportRoute = lazy(() => import("./routes/daily-report").then((m) => ({ default: m.DailyReportRoute })));
const MonthlyReportRoute = lazy(() => import("./routes/monthly-report").then((m) => ({ default: m.MonthlyReportRoute })));
const SettingsRoute = lazy(() => import("./routes/settings").then((m) => ({ default: m.SettingsRoute })));
const CashieringRoute = lazy(() => import("./routes/cashiering").then((m) => ({ default: m.CashieringRoute })));
const OperationsRoute = lazy(() => import("./routes/operations").then((m) => ({ default: m.OperationsRoute })));

const AREA_NAMES: Record<Area, string> = {
  today: "Today",
  transactions: "Transactions",
  approvals: "Approvals",
  dailyReport: "Daily report",
  monthlyReport: "Monthly report",
  settings: "Settings",
  operations: "Operations",
  cashiering: "Cashiering",
};

/** Signed-out visitors go to sign in, and come back here afterwards. */
function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session) return <Navigate to={signInWithNext(`${location.pathname}${location.search}`)} replace />;
  return children;
}

/** A role without access to an area is sent to Today with a message saying why. */
function RequireArea({ area, children }: { area: Area; children: ReactNode }) {
  const { me } = useAppContext();
  if (!canUse(me.user.role, area)) {
    return <Navigate to={paths.today} replace state={{ flash: `Your role (${me.user.role}) cannot open ${AREA_NAMES[area]}.` }} />;
  }
  return children;
}

const guarded = (area: Area, element: ReactNode) => <RequireArea area={area}>{element}</RequireArea>;

export const routes: RouteObject[] = [
  { path: paths.signIn, element: <SignInRoute /> },
  { path: paths.signUp, element: <SignUpRoute /> },
  {
    path: "/",
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <TodayRoute /> },
      { path: paths.transactions.slice(1), element: guarded("transactions", <TransactionsRoute />) },
      { path: paths.approvals.slice(1), element: guarded("approvals", <ApprovalsRoute />) },
      { path: paths.dailyReport.slice(1), element: guarded("dailyReport", <DailyReportRoute />) },
      { path: paths.monthlyReport.slice(1), element: guarded("monthlyReport", <MonthlyReportRoute />) },
      { path: paths.settings.slice(1), element: guarded("settings", <SettingsRoute />) },
      { path: paths.operations.slice(1), element: guarded("operations", <OperationsRoute />) },
      { path: paths.cashiering.slice(1), element: guarded("cashiering", <CashieringRoute />) },
      { path: "*", element: <NotFoundRoute /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
