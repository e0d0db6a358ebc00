import { useState } from "react";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { Money } from "@/components/money";
import { EmptyState, InlineError, Loading } from "@/components/status";
import type { Property } from "@/lib/api-types";
import { notify } from "@/lib/notifications";
import { useProperties } from "@/features/properties/api/get-properties";
import { useUpdateProperty } from "@/features/properties/api/update-property";
import { errorMessage } from "@/components/status";
import { PropertyForm } from "./property-form";

/** Admin list of properties with add and edit. `onChanged` lets the route refresh other views. */
export function PropertiesSettings({ onChanged }: { onChanged?: () => void }) {
  const query = useProperties();
  const [editing, setEditing] = useState<Property | "new" | null>(null);
  const archive = useUpdateProperty({
    onSuccess: (p) => {
      notify(p.archivedAt ? `${p.name} archived: hidden from new entries, still in reports.` : `${p.name} is back in use.`, "success");
      onChanged?.();
    },
  });

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
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
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
                  <td className="py-2 pr-3 font-medium">
                    {p.name}
                    {p.archivedAt ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-700">Archived</span> : null}
                  </td>
                  <td className="py-2 pr-3">{p.timezone}</td>
                  <td className="py-2 pr-3">{p.currency}</td>
                  <td className="py-2 pr-3 text-right"><Money cents={p.openingCashCents} currency={p.currency} /></td>
                  <td className="py-2 text-right">
                    <Button variant="ghost" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                      Edit
                    </Button>
                    <Button
                      variant="ghost"
                      busy={archive.isPending && archive.variables?.id === p.id}
                      onClick={() => archive.mutate({ id: p.id, patch: { archived: !p.archivedAt } }, { onError: (e) => notify(errorMessage(e), "error") })}
                      aria-label={`${p.archivedAt ? "Restore" : "Archive"} ${p.name}`}
                    >
                      {p.archivedAt ? "Restore" : "Archive"}
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
