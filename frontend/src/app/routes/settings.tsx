import { useQueryClient } from "@tanstack/react-query";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { InlineError, Loading } from "@/components/status";
import { getMeQueryOptions } from "@/features/auth/api/get-me";
import { useProperties } from "@/features/properties/api/get-properties";
import { PropertiesSettings } from "@/features/properties/components/properties-settings";
import { UsersSettings } from "@/features/users/components/users-settings";
import { useAppContext } from "@/app/layouts/app-layout";

export function SettingsRoute() {
  const { me } = useAppContext();
  const queryClient = useQueryClient();
  const properties = useProperties();
  return (
    <>
      <PageHeader title="Settings" description="Properties and the people who work at them." />
      <div className="space-y-4">
        <Panel title="Properties">
          {/* A changed property (name, zone, currency) changes what every page shows. */}
          <PropertiesSettings onChanged={() => void queryClient.invalidateQueries({ queryKey: getMeQueryOptions().queryKey })} />
        </Panel>
        <Panel title="Users">
          {properties.isPending ? (
            <Loading label="Loading properties…" />
          ) : properties.isError ? (
            <InlineError error={properties.error} onRetry={() => void properties.refetch()} />
          ) : (
            <UsersSettings properties={properties.data} currentUserId={me.user.id} />
          )}
        </Panel>
      </div>
    </>
  );
}
