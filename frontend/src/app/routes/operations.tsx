import { PageHeader } from "@/components/page-header";
import { ErrorBoundary } from "@/components/error-boundary";
import { OpsStatusView } from "@/features/operations/components/ops-status-view";

export function OperationsRoute() {
  return (
    <>
      <PageHeader title="Operations" description="Pub/sub, cache, database pool, correction batches and alerts. Refreshes every 10 s." />
      <ErrorBoundary label="the operations status">
        <OpsStatusView />
      </ErrorBoundary>
    </>
  );
}
