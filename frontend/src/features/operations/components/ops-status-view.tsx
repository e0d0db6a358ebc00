import { Panel } from "../../../components/panel";
import { EmptyState, InlineError, Loading } from "../../../components/status";
import { useOpsStatus, type OpsAlert } from "../api/get-ops-status";

const SECTION_TITLES: Record<string, string> = {
  pubsub: "Pub/sub throughput and backlog",
  cache: "Cache",
  pool: "Database pool",
  corrections: "Correction batches",
};

const humanKey = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());

function formatValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") {
    // Ratios (hit rate, utilisation) read better as percentages.
    if (/(rate|ratio|utili[sz]ation|usage)$/i.test(key) && value >= 0 && value <= 1) return `${(value * 100).toFixed(1)} %`;
    return new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(value);
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === "object" && !Array.isArray(value);

/** The key naming an item of a list of objects ("name", "subscription", …), shown as its heading. */
const NAME_KEYS = ["name", "subscription", "topic", "id"];
const nameKeyOf = (item: Record<string, unknown>) => NAME_KEYS.find((key) => typeof item[key] === "string");

/** Key/value list of any object: nested objects as sub-lists, lists of objects as one sub-list per item. */
function KeyValues({ data }: { data: Record<string, unknown> }) {
  const entries = Object.entries(data);
  if (entries.length === 0) return <EmptyState>No figures reported.</EmptyState>;
  return (
    <dl className="grid grid-cols-[minmax(0,1fr)_auto] gap-x-4 gap-y-1 text-sm">
      {entries.map(([key, value]) =>
        isRecord(value) ? (
          <div key={key} className="col-span-2 mt-2">
            <dt className="font-medium text-slate-700">{humanKey(key)}</dt>
            <dd className="mt-1 border-l-2 border-slate-100 pl-3">
              <KeyValues data={value} />
            </dd>
          </div>
        ) : Array.isArray(value) && value.length > 0 && value.every(isRecord) ? (
          <div key={key} className="col-span-2 mt-2">
            <dt className="font-medium text-slate-700">{humanKey(key)}</dt>
            <dd className="mt-1 space-y-2">
              {value.map((item, i) => {
                const nameKey = nameKeyOf(item);
                const name = nameKey ? String(item[nameKey]) : `#${i + 1}`;
                const rest = Object.fromEntries(Object.entries(item).filter(([k]) => k !== nameKey));
                return (
                  <div key={`${name}-${i}`} className="border-l-2 border-slate-100 pl-3">
                    <p className="font-medium break-all text-slate-600">{name}</p>
                    <KeyValues data={rest} />
                  </div>
                );
              })}
            </dd>
          </div>
        ) : (
          <div key={key} className="contents">
            <dt className="text-slate-500">{humanKey(key)}</dt>
            <dd className="text-right font-medium break-all tabular-nums">{Array.isArray(value) ? value.map((v) => formatValue(key, v)).join(", ") || "—" : formatValue(key, value)}</dd>
          </div>
        ),
      )}
    </dl>
  );
}

/** A top-level value; ISO timestamps are shown in the viewer's local time. */
function formatFact(value: unknown): string {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) {
    return new Date(value).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
  }
  return formatValue("", value);
}

function AlertsList({ alerts }: { alerts: OpsAlert[] }) {
  if (alerts.length === 0) return <EmptyState>No alerts configured.</EmptyState>;
  const sorted = [...alerts].sort((a, b) => Number(b.firing) - Number(a.firing));
  return (
    <ul className="space-y-2 text-sm">
      {sorted.map((a) => (
        <li key={a.name} className={`flex flex-wrap items-center justify-between gap-2 rounded-md border px-3 py-2 ${a.firing ? "border-red-300 bg-red-50 text-red-900" : "border-slate-200"}`}>
          <span className="font-medium">
            <span aria-hidden="true">{a.firing ? "● " : "○ "}</span>
            {humanKey(a.name)} — {a.firing ? "firing" : "ok"}
          </span>
          <span className="tabular-nums text-slate-600">
            {formatValue(a.name, a.value)} / threshold {formatValue(a.name, a.threshold)}
            {a.firing && a.since ? ` since ${new Date(a.since).toLocaleString()}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Operations dashboard from GET /ops/status: alerts first, then one card per section. */
export function OpsStatusView() {
  const query = useOpsStatus();
  if (query.isPending) return <Loading label="Loading operational status…" />;
  if (query.isError && !query.data) return <InlineError error={query.error} onRetry={() => void query.refetch()} title="Operational status is unavailable" />;
  const { alerts, ...rest } = query.data;
  const firing = (alerts ?? []).filter((a) => a.firing).length;
  // Plain top-level values (checkedAt) are one line above the cards, not a card each.
  const facts = Object.entries(rest).filter(([, value]) => !value || typeof value !== "object");
  const sections = Object.fromEntries(Object.entries(rest).filter(([, value]) => value && typeof value === "object"));
  return (
    <div className="space-y-4">
      {query.isError ? <InlineError error={query.error} title="Showing the last figures received; refreshing failed" /> : null}
      {facts.length > 0 ? (
        <p className="text-sm text-slate-600">
          {facts.map(([key, value], i) => (
            <span key={key}>
              {i > 0 ? " · " : ""}
              {humanKey(key)}: <span className="font-medium tabular-nums">{formatFact(value)}</span>
            </span>
          ))}
        </p>
      ) : null}
      <Panel title={`Alerts${firing ? ` (${firing} firing)` : ""}`} label="the alerts">
        <AlertsList alerts={Array.isArray(alerts) ? alerts : []} />
      </Panel>
      <div className="grid gap-4 md:grid-cols-2">
        {Object.entries(sections).map(([key, value]) => (
          <Panel key={key} title={SECTION_TITLES[key] ?? humanKey(key)}>
            {value && typeof value === "object" ? <KeyValues data={value as Record<string, unknown>} /> : <p className="text-sm">{formatValue(key, value)}</p>}
          </Panel>
        ))}
      </div>
    </div>
  );
}
