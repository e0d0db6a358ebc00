import { useState } from "react";
import { useSearchParams } from "react-router";
import { Button } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { EmptyState } from "@/components/status";
import type { TransactionFilters } from "@/features/transactions/api/get-transactions";
import { TransactionFiltersBar } from "@/features/transactions/components/transaction-filters";
import { useUsers } from "@/features/users/api/get-users";
import { TransactionForm, savedMessage } from "@/features/transactions/components/transaction-form";
import { MovementForm } from "@/features/transactions/components/movement-form";
import { TransactionsTable } from "@/features/transactions/components/transactions-table";
import type { TransactionKind, TransactionStatus } from "@/lib/api-types";
import { notify } from "@/lib/notifications";
import { knownPropertyId } from "@/lib/property-param";
import { useAppContext } from "@/app/layouts/app-layout";
import { useInvalidateFinanceViews } from "@/app/live-updates";

const FILTER_KEYS = ["propertyId", "kind", "status", "from", "to", "paymentMode", "category", "createdBy", "q"] as const;

/** Filters live in the URL so a filtered list can be bookmarked or linked from Today. */
function filtersFrom(params: URLSearchParams, properties: readonly { id: string }[]): TransactionFilters {
  return {
    propertyId: knownPropertyId(properties, params.get("propertyId")),
    kind: (params.get("kind") || undefined) as TransactionKind | undefined,
    status: (params.get("status") || undefined) as TransactionStatus | undefined,
    from: params.get("from") || undefined,
    to: params.get("to") || undefined,
    paymentMode: (params.get("paymentMode") || undefined) as TransactionFilters["paymentMode"],
    category: params.get("category") || undefined,
    createdBy: params.get("createdBy") || undefined,
    q: params.get("q") || undefined,
  };
}

export function TransactionsRoute() {
  const { me } = useAppContext();
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState<TransactionKind | "movement" | null>(null);
  const properties = me.properties;
  const filters = filtersFrom(params, properties);
  const refreshFinanceViews = useInvalidateFinanceViews();
  const users = useUsers();
  const currencyOf = (propertyId: string) => properties.find((p) => p.id === propertyId)?.currency ?? "INR";

  const setFilters = (changed: Partial<TransactionFilters>) => {
    // Onto the address as it is now, not this render's filters: an earlier change may be in the address
    // already while its render is still pending (router updates are transitions), and must not be undone.
    const next = { ...filtersFrom(new URLSearchParams(window.location.search), properties), ...changed };
    const p = new URLSearchParams();
    for (const key of FILTER_KEYS) if (next[key]) p.set(key, next[key] as string);
    setParams(p, { replace: true });
  };

  if (properties.length === 0) {
    return (
      <>
        <PageHeader title="Transactions" />
        <EmptyState>You do not have access to any property yet.</EmptyState>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Transactions"
        description="Revenues, expenses and cash movements; new entries wait for a manager's approval, and approved ones are corrected by a reversal."
        actions={
          <>
            <Button variant="primary" onClick={() => setAdding("revenue")} aria-expanded={adding === "revenue"}>
              Add revenue
            </Button>
            <Button variant="primary" onClick={() => setAdding("expense")} aria-expanded={adding === "expense"}>
              Add expense
            </Button>
            <Button onClick={() => setAdding("movement")} aria-expanded={adding === "movement"}>
              Cash movement
            </Button>
          </>
        }
      />
      <div className="space-y-4">
        {adding === "movement" ? (
          <Panel title="New cash movement">
            <p className="mb-3 text-sm text-slate-600">Cash that changes place without being revenue or expense: it moves the cash and bank figures only.</p>
            <MovementForm
              properties={properties}
              defaultPropertyId={filters.propertyId}
              onCancel={() => setAdding(null)}
              onDone={(message) => {
                notify(message, "success");
                setAdding(null);
                refreshFinanceViews();
              }}
            />
          </Panel>
        ) : adding ? (
          <Panel title={adding === "revenue" ? "New revenue" : "New expense"}>
            <TransactionForm
              key={adding}
              kind={adding}
              properties={properties}
              defaultPropertyId={filters.propertyId}
              onCancel={() => setAdding(null)}
              onDone={(tx) => {
                notify(savedMessage(tx, currencyOf(tx.propertyId)), "success");
                setAdding(null);
                refreshFinanceViews();
              }}
              onSavedAndNext={(tx) => {
                notify(savedMessage(tx, currencyOf(tx.propertyId)), "success");
                refreshFinanceViews();
              }}
            />
          </Panel>
        ) : null}
        <Panel title="Filters">
          <TransactionFiltersBar properties={properties} users={users.data} value={filters} onChange={setFilters} />
        </Panel>
        <Panel title="Entries">
          <TransactionsTable filters={filters} properties={properties} user={me.user} onChanged={refreshFinanceViews} />
        </Panel>
      </div>
    </>
  );
}
