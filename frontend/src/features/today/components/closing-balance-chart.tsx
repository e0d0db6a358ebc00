import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { EmptyState, InlineError, Loading } from "@/components/status";
import { formatBusinessDate, formatShortDate } from "@/lib/dates";
import { formatMoney, formatMoneyCompact } from "@/lib/money";
import { useClosingHistory } from "@/features/today/api/get-closing-history";

interface Props {
  propertyId: string;
  propertyName: string;
  currency: string;
  endDate: string;
}

/** 30-day closing-balance line for one property. */
export function ClosingBalanceChart({ propertyId, propertyName, currency, endDate }: Props) {
  const query = useClosingHistory(propertyId, endDate);
  if (query.isPending) return <Loading label="Loading 30-day history…" />;
  if (query.isError) return <InlineError error={query.error} onRetry={() => void query.refetch()} title="30-day history unavailable" />;
  const points = query.data;
  if (points.every((p) => p.closingBalanceCents === null)) return <EmptyState>No cash-book history yet.</EmptyState>;
  const first = points.find((p) => p.closingBalanceCents !== null);
  const last = points[points.length - 1];
  return (
    <figure>
      <div className="h-44 w-full" role="img" aria-label={`Closing balance of ${propertyName} over the last 30 days, from ${formatMoney(first?.closingBalanceCents, currency)} to ${formatMoney(last.closingBalanceCents, currency)}`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="date" tickFormatter={(d: string) => formatShortDate(d)} tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={24} />
            <YAxis tickFormatter={(v: number) => formatMoneyCompact(v, currency)} tick={{ fontSize: 11 }} width={64} />
            <Tooltip
              formatter={(v) => [formatMoney(typeof v === "number" ? v : Number(v), currency), "Closing"]}
              labelFormatter={(d) => formatBusinessDate(String(d))}
            />
            <Line type="monotone" dataKey="closingBalanceCents" stroke="#4f46e5" strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">Closing balance, last 30 days</figcaption>
    </figure>
  );
}
