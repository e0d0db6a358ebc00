import { formatMoney } from "@/lib/money";

/** An amount in minor units, formatted for its currency; negatives in red. */
export function Money({ cents, currency, className = "" }: { cents: number | null | undefined; currency: string; className?: string }) {
  const negative = typeof cents === "number" && cents < 0;
  return <span className={`tabular-nums ${negative ? "text-red-700" : ""} ${className}`}>{formatMoney(cents, currency)}</span>;
}
