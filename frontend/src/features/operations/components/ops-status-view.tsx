import { Panel } from "@/components/panel";
import { EmptyState, InlineError, Loading } from "@/components/status";
import { config } from "@/config/env";
import { useOpsStatus, type AttentionItem, type OpsAlert } from "@/features/operations/api/get-ops-status";

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
  // Instants in the one format the rest of the page uses, not raw ISO strings.
  if (typeof value === "string" && ISO_INSTANT.test(value)) return when(value);
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === "object" && !Array.isArray(value);

/** The key naming an item of a list of objects ("name", "subscription", …), shown as its heading. */
const NAME_KEYS = ["name", "subscription", "topic", "instanceId", "id"];
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A section that is a list (breakers, instances): one named sub-list per item instead of "0", "1", … */
function namedItems(value: unknown): Record<string, unknown> {
  if (!Array.isArray(value)) return value as Record<string, unknown>;
  return Object.fromEntries(
    value.map((item, i) => {
      if (!isRecord(item)) return [`#${i + 1}`, item];
      const nameKey = nameKeyOf(item);
      return [nameKey ? String(item[nameKey]) : `#${i + 1}`, Object.fromEntries(Object.entries(item).filter(([k]) => k !== nameKey))];
    }),
  );
}
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
            <dt className="text-slate-600">{humanKey(key)}</dt>
            <dd className="text-right font-medium break-all tabular-nums">{Array.isArray(value) ? value.map((v) => formatValue(key, v)).join(", ") || "—" : formatValue(key, value)}</dd>
          </div>
        ),
      )}
    </dl>
  );
}

/** Alerts in words: what is wrong, its unit, and the one thing to do first. */
const ALERT_TEXT: Record<string, { title: string; unit: (v: number) => string; whatToDo: string; threshold?: (v: number) => string }> = {
  pubsub_backlog: { title: "Events waiting to be processed", unit: (v) => `${fmt(v)} messages`, whatToDo: "Check the handler errors; if handlers are healthy but slow, add instances." },
  db_pool_usage: { title: "Database connections in use", unit: (v) => `${fmt(v * 100)} %`, whatToDo: "Look for slow queries and lock waits before raising DB_POOL_MAX." },
  cache_hit_rate: { title: "Reports answered from the cache", unit: (v) => `${fmt(v * 100)} %`, whatToDo: "Usually a fresh restart or many back-dated corrections; it recovers as the cache warms." },
  http_p95_latency: { title: "Slowest 5 % of requests take at least", unit: (v) => `${fmt(v)} ms`, whatToDo: "Find the route in http_request_duration_seconds, then check pool usage and slow queries." },
  pubsub_dead_letters: { title: "Messages that failed every retry", unit: (v) => `${fmt(v)} messages`, whatToDo: "Read last_error, fix the cause, then requeue or delete them." },
  circuit_breaker_open: {
    title: "Dependencies skipped by a circuit breaker",
    unit: (v) => (v === 0 ? "none" : `${fmt(v)} ${v === 1 ? "dependency" : "dependencies"}`),
    // Its threshold is how long a breaker may stay open, not a count.
    threshold: (v) => (v === 0 ? "any breaker open" : `a breaker open for ${fmt(v)} s`),
    whatToDo: "Nobody sees an error (reports fall back to the database); check Redis or the read replica it names, the breaker closes by itself.",
  },
};
/** What an alert with no figure means: the rules that need a minimum of samples wait for them instead of firing. */
const NOT_JUDGED: Record<string, string> = {
  cache_hit_rate: "too few report lookups yet to judge",
  http_p95_latency: "too few requests yet to judge",
};
const fmt = (v: number) => new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 }).format(v);
/** One date format on the page: 2 Dec 2026, 14:05:09 (24-hour), in the viewer's zone. */
const when = (iso: string) => new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", hourCycle: "h23" }).format(new Date(iso));

function RunbookLink({ section }: { section: string }) {
  const anchor = section.split("#")[1] ?? "";
  if (!config.runbookUrl) return <span className="text-xs text-slate-600">Runbook: <code>{section}</code></span>;
  return (
    <a className="text-xs text-indigo-700 underline" href={`${config.runbookUrl}#${anchor}`} target="_blank" rel="noreferrer">
      Runbook: {anchor.replace(/-/g, " ")}
    </a>
  );
}

function AttentionList({ items }: { items: AttentionItem[] }) {
  return (
    <ul className="space-y-2 text-sm">
      {items.map((i) => (
        <li key={i.name} className={`rounded-md border px-3 py-2 ${i.needsAction ? "border-amber-300 bg-amber-50" : "border-slate-200"}`}>
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <span className="font-medium text-slate-900">{i.title}</span>
            <span className="tabular-nums font-semibold">{i.value === null ? "not reported here" : `${fmt(i.value)} ${i.unit}`}</span>
          </div>
          <p className="text-slate-700">{i.needsAction ? "What to do: " : ""}{i.whatToDo}</p>
          <RunbookLink section={i.runbook} />
        </li>
      ))}
    </ul>
  );
}

function AlertsList({ alerts }: { alerts: OpsAlert[] }) {
  if (alerts.length === 0) return <EmptyState>No alerts configured.</EmptyState>;
  const sorted = [...alerts].sort((a, b) => Number(b.firing) - Number(a.firing));
  return (
    <ul className="space-y-2 text-sm">
      {sorted.map((a) => {
        const text = ALERT_TEXT[a.name];
        const show = (v: number | null) => (v === null ? "not measured on this host" : text ? text.unit(v) : fmt(v));
        const now = a.value === null && NOT_JUDGED[a.name] ? NOT_JUDGED[a.name] : `now ${show(a.value)}`;
        return (
          <li key={a.name} className={`rounded-md border px-3 py-2 ${a.firing ? "border-red-300 bg-red-50 text-red-900" : "border-slate-200"}`}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <span className="font-medium">
                <span aria-hidden="true">{a.firing ? "● " : "○ "}</span>
                {text?.title ?? humanKey(a.name)}: {a.firing ? "needs attention" : "normal"}
              </span>
              <span className="tabular-nums text-slate-700">
                {now}; alert at {a.threshold !== null && text?.threshold ? text.threshold(a.threshold) : show(a.threshold)}
                {a.firing && a.since ? `, since ${when(a.since)}` : ""}
              </span>
            </div>
            {text ? <p className={a.firing ? "" : "text-slate-600"}>{a.firing ? "What to do: " : "If it fires: "}{text.whatToDo}</p> : null}
            <RunbookLink section="docs/operations.md#what-to-do" />
          </li>
        );
      })}
    </ul>
  );
}

/** Operations dashboard from GET /ops/status: what needs doing, alerts in words, then the technical figures. */
export function OpsStatusView() {
  const query = useOpsStatus();
  if (query.isPending) return <Loading label="Loading operational status…" />;
  if (query.isError && !query.data) return <InlineError error={query.error} onRetry={() => void query.refetch()} title="Operational status is unavailable" />;
  const { alerts, attention, checkedAt, ...rest } = query.data;
  const firing = (alerts ?? []).filter((a) => a.firing).length;
  const todo = (attention ?? []).filter((i) => i.needsAction).length;
  const sections = Object.fromEntries(Object.entries(rest).filter(([, value]) => value && typeof value === "object"));
  return (
    <div className="space-y-4">
      {query.isError ? <InlineError error={query.error} title="Showing the last figures received; refreshing failed" /> : null}
      {typeof checkedAt === "string" ? <p className="text-sm text-slate-600">Checked at {when(checkedAt)}; refreshes every 10 seconds.</p> : null}
      {attention ? (
        <Panel title={todo ? `Needs attention (${todo})` : "Nothing needs attention"} label="the attention list">
          <AttentionList items={attention} />
        </Panel>
      ) : null}
      <Panel title={`Alerts${firing ? ` (${firing} firing)` : ": all normal"}`} label="the alerts">
        <AlertsList alerts={Array.isArray(alerts) ? alerts : []} />
      </Panel>
      <h2 className="pt-2 text-base font-semibold text-slate-800">Technical figures</h2>
      <div className="grid gap-4 md:grid-cols-2">
        {Object.entries(sections).map(([key, value]) => (
          <Panel key={key} title={SECTION_TITLES[key] ?? humanKey(key)}>
            {value && typeof value === "object" ? <KeyValues data={namedItems(value)} /> : <p className="text-sm">{formatValue(key, value)}</p>}
          </Panel>
        ))}
      </div>
    </div>
  );
}
