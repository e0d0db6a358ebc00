import { Link } from "react-router";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { paths } from "@/config/paths";
import { TodayOverview } from "@/features/today/components/today-overview";
import { canUse } from "@/lib/authorization";
import { useAppContext } from "@/app/layouts/app-layout";

export function TodayRoute() {
  const { me } = useAppContext();
  const managesApprovals = canUse(me.user.role, "approvals");
  return (
    <>
      <PageHeader title="Today" description="Each property's cash book for its own business day, updated live." />
      <Panel title="Properties" label="today's figures" className="border-0 bg-transparent shadow-none [&>div]:p-0 [&>header]:sr-only">
        <TodayOverview
          pendingHref={(propertyId) =>
            managesApprovals ? `${paths.approvals}?propertyId=${encodeURIComponent(propertyId)}` : `${paths.transactions}?propertyId=${encodeURIComponent(propertyId)}&status=pending`
          }
          dailyReportHref={(propertyId, date) => `${paths.dailyReport}?propertyId=${encodeURIComponent(propertyId)}&date=${date}`}
          cashieringHref={(propertyId, date) => `${paths.cashiering}?propertyId=${encodeURIComponent(propertyId)}&date=${date}`}
          emptyMessage={
            canUse(me.user.role, "settings") ? (
              <>
                No properties yet.{" "}
                <Link to={paths.settings} className="font-medium text-indigo-700 underline">
                  Add your first property in Settings
                </Link>
                .
              </>
            ) : (
              "You do not have access to any property yet. Ask an administrator to add you to one."
            )
          }
        />
      </Panel>
    </>
  );
}
