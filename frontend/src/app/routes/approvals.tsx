import { useSearchParams } from "react-router";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { PropertySelect } from "@/components/property-select";
import { ApprovalsQueue } from "@/features/approvals/components/approvals-queue";
import { knownPropertyId } from "@/lib/property-param";
import { useAppContext } from "@/app/layouts/app-layout";
import { useInvalidateFinanceViews } from "@/app/live-updates";

export function ApprovalsRoute() {
  const { me } = useAppContext();
  const [params, setParams] = useSearchParams();
  const propertyId = knownPropertyId(me.properties, params.get("propertyId")) ?? "";
  const refreshFinanceViews = useInvalidateFinanceViews();
  return (
    <>
      <PageHeader title="Approvals" description="Approved entries enter the cash book; rejected ones go back to their author with your reason." />
      <div className="space-y-4">
        <Panel title="Property">
          <div className="max-w-sm">
            <PropertySelect properties={me.properties} allowAll value={propertyId} onChange={(id) => setParams(id ? { propertyId: id } : {}, { replace: true })} />
          </div>
        </Panel>
        <Panel title="Pending entries">
          <ApprovalsQueue properties={me.properties} propertyId={propertyId || undefined} user={me.user} onChanged={refreshFinanceViews} />
        </Panel>
      </div>
    </>
  );
}
