// Money is integer minor units end to end; these helpers format and parse it without floats.

/** Locale used to format a currency: INR gets Indian digit grouping (₹1,23,45,678.00). */
const LOCALE_BY_CURRENCY: Record<string, string> = {
  INR: "en-IN",
  USD: "en-US",
  GBP: "en-GB",
  EUR: "en-IE",
  AED: "en-AE",
  SGD: "en-SG",
  AUD: "en-AU",
  CAD: "en-CA",
  LKR: "en-LK",
  NPR: "en-NP",
  THB: "en-TH",
  JPY: "en-JP",
};

export function localeForCurrency(currency: string): string {
  return LOCALE_BY_CURRENCY[currency.toUpperCase()] ?? "en-US";
}

const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormatter(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: "currency", currency });
    formatters.set(key, f);
  }
  return f;
}

/** Number of minor-unit digits of a currency (2 for INR, 0 for JPY). */
export function minorDigits(currency: string): number {
  return currencyFormatter(currency, "en-US").resolvedOptions().maximumFractionDigits ?? 2;
}

/** Exact decimal string of an integer amount of minor units ("-1234.50"); no float rounding. */
export function centsToDecimalString(cents: number | bigint, digits: number): string {
  const value = BigInt(cents);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const str = abs.toString().padStart(digits + 1, "0");
  const whole = digits > 0 ? str.slice(0, -digits) : str;
  const frac = digits > 0 ? str.slice(-digits) : "";
  return `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

/**
 * Formats minor units for the currency in its locale: formatMoney(1234567800, "INR") → "₹1,23,45,678.00".
 * Formats from a decimal string, so amounts beyond 2^53 / 100 stay exact.
 */
export function formatMoney(cents: number | null | undefined, currency: string, locale = localeForCurrency(currency)): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return "—";
  const decimal = centsToDecimalString(Math.trunc(cents), minorDigits(currency));
  // Intl.NumberFormat formats numeric strings exactly (ECMA-402 "Intl.NumberFormat v3").
  return currencyFormatter(currency, locale).format(decimal as unknown as number);
}

/** Plain grouped number without the currency symbol, for chart axes. */
export function formatMoneyCompact(cents: number, currency: string, locale = localeForCurrency(currency)): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(
    cents / 10 ** digits,
  );
}

/**
 * Parses what a person typed ("1,234.5", "₹ 1,23,456") into minor units, or null when it is not a
 * positive-or-zero amount with at most the currency's decimals.
 */
export function parseMoneyToCents(input: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const cleaned = input.replace(/[\s,\u00a0\u202f]/g, "").replace(/^[^\d.-]+/, "");
  const pattern = digits > 0 ? new RegExp(`^(\\d+)(?:\\.(\\d{0,${digits}}))?$`) : /^(\d+)$/;
  const m = pattern.exec(cleaned);
  if (!m) return null;
  const whole = m[1];
  const frac = (m[2] ?? "").padEnd(digits, "0");
  const value = BigInt(whole) * 10n ** BigInt(digits) + (frac ? BigInt(frac) : 0n);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(value);
}

/** Minor units as the plain decimal a form input shows ("1234.50"). */
export function centsToInput(cents: number, currency: string): string {
  return centsToDecimalString(cents, minorDigits(currency));
}
