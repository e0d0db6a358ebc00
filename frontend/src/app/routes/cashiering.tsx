import { useSearchParams } from "react-router";
import { DateField } from "@/components/date-field";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { PropertySelect } from "@/components/property-select";
import { EmptyState } from "@/components/status";
import { CloseDayPanel } from "@/features/cashiering/components/close-day-panel";
import { ShiftsPanel } from "@/features/cashiering/components/shifts-panel";
import { localeForProperty } from "@/lib/date-input";
import { isIsoDate, todayIn } from "@/lib/dates";
import { knownPropertyId } from "@/lib/property-param";
import { useAppContext } from "@/app/layouts/app-layout";

export function CashieringRoute() {
  const { me } = useAppContext();
  const [params, setParams] = useSearchParams();
  const properties = me.properties;
  const property = properties.find((p) => p.id === knownPropertyId(properties, params.get("propertyId"))) ?? properties[0];
  if (!property) {
    return (
      <>
        <PageHeader title="Cashiering" />
        <EmptyState>You do not have access to any property yet.</EmptyState>
      </>
    );
  }
  const today = todayIn(property.timezone);
  const dateParam = params.get("date") ?? "";
  const date = isIsoDate(dateParam) ? dateParam : today;
  const update = (next: { propertyId?: string; date?: string }) => setParams({ propertyId: next.propertyId ?? property.id, date: next.date ?? date }, { replace: true });
  return (
    <>
      <PageHeader title="Cashiering" description={`${property.name} · ${property.timezone}`} />
      <div className="space-y-4">
        <Panel title="Choose a day">
          <div className="flex flex-wrap items-end gap-3">
            <PropertySelect properties={properties} value={property.id} onChange={(propertyId) => update({ propertyId })} containerClassName="min-w-56" />
            <DateField label="Business date" locale={localeForProperty(property)} value={date} max={today} onChange={(v) => isIsoDate(v) && update({ date: v })} />
          </div>
        </Panel>
        <Panel title="Shifts" label="the shifts">
          <ShiftsPanel property={property} date={date} role={me.user.role} userId={me.user.id} isToday={date === today} />
        </Panel>
        <Panel title="Close day" label="the day close">
          <CloseDayPanel property={property} date={date} role={me.user.role} userId={me.user.id} />
        </Panel>
      </div>
    </>
  );
}
