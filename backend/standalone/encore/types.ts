// Standalone `encore.dev/types`. Encore's Decimal is a malachite Rational in
// the Rust runtime (runtimes/core/src/api/pvalue.rs, `Decimal`): exact
// arithmetic, parsed by `Rational::from_sci_string`, printed in full when the
// expansion terminates and rounded to 10 places when it does not. SQL numeric
// results arrive as one (sqldb.ts), so its behaviour is part of the app's.

type durationUnit = "ns" | "µs" | "ms" | "s" | "m" | "h";
type durationComponent = `${number}${durationUnit}`;
export type DurationString =
  | durationComponent
  | `${durationComponent}${durationComponent}`
  | `${durationComponent} ${durationComponent}`;

export type ToDecimal = string | number | bigint;

// pvalue.rs `validate_decimal_str`: bounds on what the parser is asked to do.
const MAX_DECIMAL_STR_LEN = 1 << 18;
const MAX_DECIMAL_ABS_EXPONENT = 1n << 14n;
// pvalue.rs `Display`: a non-terminating expansion is rounded to this many places.
const NON_TERMINATING_SCALE = 10;
// malachite's default `neg_exp_threshold`: from 10^-6 down, numbers print as 1e-6.
const NEG_EXP_THRESHOLD = -6;

/** An exact rational n/d, d > 0, in lowest terms. */
export interface Rational { n: bigint; d: bigint }

const abs = (x: bigint) => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a); b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}
function rational(n: bigint, d: bigint): Rational {
  if (d === 0n) throw new Error("division by zero"); // malachite panics here
  if (d < 0n) { n = -n; d = -d; }
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

/** `Decimal::from_str`; the error message is the runtime's. */
export function parseRational(s: string): Rational {
  if (Buffer.byteLength(s) > MAX_DECIMAL_STR_LEN) throw new Error(`decimal string too long: ${Buffer.byteLength(s)} bytes`);
  let body = s;
  let exp = 0n;
  const e = Math.max(s.lastIndexOf("e"), s.lastIndexOf("E"));
  const tail = e >= 0 ? s.slice(e + 1) : "";
  const tailExp = /^[+-]?\d+$/.test(tail) && BigInt(tail) >= -(2n ** 63n) && BigInt(tail) < 2n ** 63n ? BigInt(tail) : null;
  if (tailExp !== null && abs(tailExp) > MAX_DECIMAL_ABS_EXPONENT) throw new Error(`decimal exponent out of range: ${tailExp}`);
  if (e >= 0) {
    if (e === 0 || tailExp === null) throw new Error(`Failed to parse decimal from string: ${s}`);
    exp = tailExp;
    body = s.slice(0, e);
  }
  const point = body.indexOf(".");
  if (point >= 0) {
    if (/^[+-]/.test(body.slice(point + 1))) throw new Error(`Failed to parse decimal from string: ${s}`);
    exp -= BigInt(body.length - point - 1);
    body = body.slice(0, point) + body.slice(point + 1);
  }
  if (!/^[+-]?\d+$/.test(body)) throw new Error(`Failed to parse decimal from string: ${s}`);
  const int = BigInt(body);
  return exp >= 0n ? rational(int * 10n ** exp, 1n) : rational(int, 10n ** -exp);
}

/** floor(log10(|r|)) for r ≠ 0. */
function floorLog10(r: Rational): number {
  const a = abs(r.n);
  let k = a.toString().length - r.d.toString().length;
  const scaledA = k >= 0 ? a : a * 10n ** BigInt(-k);
  const scaledD = k >= 0 ? r.d * 10n ** BigInt(k) : r.d;
  if (scaledA < scaledD) k -= 1;
  return k;
}

/** Digits after the point of a terminating expansion, or null (denominator has a factor other than 2 and 5). */
function terminatingScale(d: bigint): number | null {
  let twos = 0, fives = 0;
  while (d % 2n === 0n) { d /= 2n; twos++; }
  while (d % 5n === 0n) { d /= 5n; fives++; }
  return d === 1n ? Math.max(twos, fives) : null;
}

/** `Display for Decimal` (malachite `fmt_sci`, complete size, trailing zeros kept). */
export function formatRational(r: Rational): string {
  if (r.n === 0n) return "0";
  const sign = r.n < 0n ? "-" : "";
  const a = abs(r.n);
  const exact = terminatingScale(r.d);
  const scale = exact ?? NON_TERMINATING_SCALE;
  let log = floorLog10(r);
  let digits: string;
  if (exact !== null) {
    digits = ((a * 10n ** BigInt(scale)) / r.d).toString();
  } else {
    // Round half to even (malachite's `Nearest`).
    const num = a * 10n ** BigInt(scale);
    let q = num / r.d;
    const twice = 2n * (num % r.d);
    if (twice > r.d || (twice === r.d && q % 2n === 1n)) q += 1n;
    let precision = scale + log + 1;
    if (precision <= 0) {
      if (q === 0n) return sign + "0." + "0".repeat(scale);
      precision = 1;
      log = -scale;
    }
    digits = q.toString();
    if (digits.length === precision + 1) log += 1; // rounded up to a power of ten
  }
  if (log <= NEG_EXP_THRESHOLD) {
    const mantissa = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    return `${sign}${mantissa}e${log}`;
  }
  if (scale === 0) return sign + digits;
  if (log < 0) return sign + "0." + "0".repeat(-log - 1) + digits;
  const before = log + 1;
  return sign + (digits.length > before ? digits.slice(0, before) + "." + digits.slice(before) : digits);
}

const internals = new WeakMap<Decimal, Rational>();
/** The exact value of a Decimal made by this module (the SQL binding reads it). */
export function rationalOf(d: Decimal): Rational | undefined { return internals.get(d); }

function invalid(err: unknown): Error {
  return Object.assign(new Error(`Invalid decimal format: '${(err as Error).message}'`), { code: "InvalidArg" });
}

/** An arbitrary-precision decimal, as Encore's `encore.dev/types` Decimal. */
export class Decimal {
  constructor(value: ToDecimal) {
    let r: Rational;
    try { r = parseRational(String(value)); } catch (err) { throw invalid(err); }
    internals.set(this, r);
  }

  private static of(r: Rational): Decimal {
    const d = Object.create(Decimal.prototype) as Decimal;
    internals.set(d, r);
    return d;
  }
  private static operand(v: Decimal | ToDecimal): Rational {
    return (v instanceof Decimal && internals.get(v)) || internals.get(new Decimal(String(v)))!;
  }
  private get r(): Rational { return internals.get(this)!; }

  add(d: Decimal | ToDecimal): Decimal { const b = Decimal.operand(d); return Decimal.of(rational(this.r.n * b.d + b.n * this.r.d, this.r.d * b.d)); }
  sub(d: Decimal | ToDecimal): Decimal { const b = Decimal.operand(d); return Decimal.of(rational(this.r.n * b.d - b.n * this.r.d, this.r.d * b.d)); }
  mul(d: Decimal | ToDecimal): Decimal { const b = Decimal.operand(d); return Decimal.of(rational(this.r.n * b.n, this.r.d * b.d)); }
  div(d: Decimal | ToDecimal): Decimal { const b = Decimal.operand(d); return Decimal.of(rational(this.r.n * b.d, this.r.d * b.n)); }

  get value(): string { return formatRational(this.r); }
  toJSON(): string { return this.value; }
  toString(): string { return this.value; }
  [Symbol.toPrimitive](hint: string) { return hint === "number" ? +this.value : this.value; }
  // The marker the runtime looks for when a Decimal is bound to a query or serialised.
  private get __encore_decimal(): boolean { return true; }
}
