// Numeric settings from the environment. Unset or empty takes the default;
// anything else must be a number in range, or it is a configuration mistake
// that is reported by name rather than run with (NaN, a negative interval).
export interface EnvNumberRule {
  /** Whole numbers only (counts, pool sizes). */
  integer?: boolean;
  /** The smallest value allowed; 0 unless given. */
  min?: number;
}

export function envNumber(name: string, fallback: number, { integer = false, min = 0 }: EnvNumberRule = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min) {
    throw new Error(`${name} must be ${integer ? "a whole number" : "a number"} of at least ${min}, got "${raw}"`);
  }
  return n;
}
