import { useState } from "react";
import { Button } from "../../../components/button";
import { Dialog } from "../../../components/dialog";
import { Money } from "../../../components/money";
import { EmptyState, InlineError, Loading } from "../../../components/status";
import type { Property } from "../../../lib/api-types";
import { notify } from "../../../lib/notifications";
import { useProperties } from "../api/get-properties";
import { PropertyForm } from "./property-form";

/** Admin list of properties with add and edit. `onChanged` lets the route refresh other views. */
export function PropertiesSettings({ onChanged }: { onChanged?: () => void }) {
  const query = useProperties();
  const [editing, setEditing] = useState<Property | "new" | null>(null);

  const done = (p: Property) => {
    notify(editing === "new" ? `Added ${p.name}.` : `Saved ${p.name}.`, "success");
    setEditing(null);
    onChanged?.();
  };

  return (
    <>
      <div className="mb-3">
        <Button variant="primary" onClick={() => setEditing("new")}>
          Add property
        </Button>
      </div>
      {query.isPending ? (
        <Loading label="Loading properties…" />
      ) : query.isError ? (
        <InlineError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState>No properties yet. Add your first hotel.</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[32rem] text-left text-sm">
            <caption className="sr-only">Properties</caption>
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-3">Name</th>
                <th scope="col" className="py-2 pr-3">Time zone</th>
                <th scope="col" className="py-2 pr-3">Currency</th>
                <th scope="col" className="py-2 pr-3 text-right">Opening cash</th>
                <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {query.data.map((p) => (
                <tr key={p.id} className="border-b border-slate-100">
                  <td className="py-2 pr-3 font-medium">{p.name}</td>
                  <td className="py-2 pr-3">{p.timezone}</td>
                  <td className="py-2 pr-3">{p.currency}</td>
                  <td className="py-2 pr-3 text-right"><Money cents={p.openingCashCents} currency={p.currency} /></td>
                  <td className="py-2 text-right">
                    <Button variant="ghost" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                      Edit
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog open={editing !== null} title={editing === "new" ? "Add property" : "Edit property"} onClose={() => setEditing(null)}>
        {editing ? <PropertyForm property={editing === "new" ? undefined : editing} onDone={done} onCancel={() => setEditing(null)} /> : null}
      </Dialog>
    </>
  );
}
