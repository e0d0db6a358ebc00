import { PageHeader } from "@/components/page-header";
import { ErrorBoundary } from "@/components/error-boundary";
import { OpsStatusView } from "@/features/operations/components/ops-status-view";

export function OperationsRoute() {
  return (
    <>
      <PageHeader title="Operations" description="What needs someone first, then the alerts in plain words with what to do, then the technical figures behind them." />
      <ErrorBoundary label="the operations status">
        <OpsStatusView />
      </ErrorBoundary>
    </>
  );
}
