// The alert rule for circuit breakers: fires while any breaker of this
// process is not closed (open, half-open or isolated) for longer than
// ALERT_BREAKER_OPEN_MAX_S (default 0: at once). The shape matches the ops
// service's AlertState (backend/ops/alerts.ts) so it can be listed with the
// other rules; it lives here, beside the breakers, and reads only breakerStates().
import { breakerStates, type BreakerState } from "./circuit-breakers.ts";

export const BREAKER_ALERT_NAME = "circuit_breaker_open";
export const BREAKER_ALERT_DESCRIPTION =
  "A dependency's circuit breaker is open: calls skip it and take their fallback (for the reports cache: L1 and the database). Check the dependency (Redis: REDIS_URL)";

export interface BreakerAlertState {
  name: typeof BREAKER_ALERT_NAME;
  firing: boolean;
  /** How many breakers are past the threshold. */
  value: number;
  /** Seconds a breaker may stay away from closed before the alert fires. */
  threshold: number;
  since: string | null;
  description: string;
  detail: string | null;
}

function openMaxSeconds(): number {
  const raw = process.env.ALERT_BREAKER_OPEN_MAX_S;
  const n = raw === undefined || raw.trim() === "" ? 0 : Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

/** Evaluates the rule over `states` (default: this process's breakers) at `nowMs`. */
export function evaluateBreakerAlert(states: BreakerState[] = breakerStates(), nowMs = Date.now()): BreakerAlertState {
  const threshold = openMaxSeconds();
  const tripped = states.filter((s) => s.state !== "closed" && s.since !== null && nowMs - Date.parse(s.since) >= threshold * 1000);
  const since = tripped.length ? tripped.map((s) => s.since!).sort()[0] : null;
  return {
    name: BREAKER_ALERT_NAME,
    firing: tripped.length > 0,
    value: tripped.length,
    threshold,
    since,
    description: BREAKER_ALERT_DESCRIPTION,
    detail: tripped.length ? tripped.map((s) => `${s.name} ${s.state} since ${s.since}`).join("; ") : null,
  };
}
