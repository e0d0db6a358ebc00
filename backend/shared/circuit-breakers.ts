// Circuit breakers (cockatiel) around dependencies that can fail on their own
// (the Redis cache cluster today). After BREAKER_FAILURES consecutive failures
// a breaker opens: calls skip the dependency at once and take their fallback
// (for the cache: L1 and the database), so a dead Redis costs no request a
// timeout. After BREAKER_HALF_OPEN_AFTER_MS one probe call goes through; its
// success closes the breaker, its failure opens it again.
// `breakerStates()` is what /ops/status and alert rules read; the gauge
// `circuit_breaker_state` is what /metrics exports.
import { CircuitState, ConsecutiveBreaker, TimeoutStrategy, circuitBreaker, handleAll, timeout, wrap, type CircuitBreakerPolicy, type IPolicy } from "cockatiel";
import { Counter, Gauge } from "prom-client";
import { registry } from "./metrics.ts";
import { envNumber } from "./env.ts";

export type BreakerStateName = "closed" | "open" | "half-open" | "isolated";

export interface BreakerState {
  name: string;
  state: BreakerStateName;
  /** When the breaker last changed state (ISO-8601), or null if it never has. */
  since: string | null;
  /** Calls refused or failed since the process started. */
  failures: number;
  /** Times the breaker opened since the process started. */
  opened: number;
}

const STATE_NAMES: Record<CircuitState, BreakerStateName> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half-open",
  [CircuitState.Isolated]: "isolated",
};

const stateGauge = new Gauge({
  name: "circuit_breaker_state",
  help: "Circuit breaker state: 0 closed, 1 open, 2 half-open, 3 isolated",
  labelNames: ["breaker"] as const,
  registers: [registry],
});
const transitions = new Counter({
  name: "circuit_breaker_transitions_total",
  help: "Circuit breaker state changes by new state",
  labelNames: ["breaker", "state"] as const,
  registers: [registry],
});
const fallbacks = new Counter({
  name: "circuit_breaker_fallbacks_total",
  help: "Calls that took their fallback because the dependency failed or its breaker was open",
  labelNames: ["breaker"] as const,
  registers: [registry],
});

const intEnv = (name: string, fallback: number) => envNumber(name, fallback, { integer: true, min: 1 });

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  failures?: number;
  /** How long an open breaker waits before letting one probe through. */
  halfOpenAfterMs?: number;
  /** A call slower than this counts as a failure (and is abandoned). */
  callTimeoutMs?: number;
}

export class GuardedDependency {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly policy: IPolicy;
  private since: string | null = null;
  private failures = 0;
  private opened = 0;

  constructor(readonly name: string, opts: BreakerOptions = {}) {
    this.breaker = circuitBreaker(handleAll, {
      halfOpenAfter: opts.halfOpenAfterMs ?? intEnv("BREAKER_HALF_OPEN_AFTER_MS", 5_000),
      breaker: new ConsecutiveBreaker(opts.failures ?? intEnv("BREAKER_FAILURES", 5)),
    });
    // The guarded calls never read the policy's AbortSignal, so it is not aborted
    // on return: aborting builds a DOMException (with its stack) per call, which
    // cost ~10 % of a cached report read's CPU (every read checks its version here).
    this.policy = wrap(this.breaker, timeout(opts.callTimeoutMs ?? intEnv("BREAKER_CALL_TIMEOUT_MS", 500), { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false }));
    stateGauge.set({ breaker: name }, 0);
    this.breaker.onStateChange((s) => {
      this.since = new Date().toISOString();
      if (s === CircuitState.Open) this.opened++;
      stateGauge.set({ breaker: name }, s);
      transitions.inc({ breaker: name, state: STATE_NAMES[s] });
    });
  }

  get state(): BreakerStateName { return STATE_NAMES[this.breaker.state]; }

  /** `fn`'s result, or `fallback()` when it fails, times out or the breaker is open. Never throws `fn`'s error. */
  async call<T>(fn: () => Promise<T>, fallback: (err: unknown) => T | Promise<T>): Promise<T> {
    try {
      return await this.policy.execute(fn);
    } catch (err) {
      this.failures++;
      fallbacks.inc({ breaker: this.name });
      return fallback(err);
    }
  }

  snapshot(): BreakerState {
    return { name: this.name, state: this.state, since: this.since, failures: this.failures, opened: this.opened };
  }
}

const all = new Map<string, GuardedDependency>();

/** The process's breaker for `name`, created on first use. */
export function breakerFor(name: string, opts?: BreakerOptions): GuardedDependency {
  let b = all.get(name);
  if (!b) all.set(name, (b = new GuardedDependency(name, opts)));
  return b;
}

/** Every breaker of this process and its state, for /ops/status and alert rules. */
export function breakerStates(): BreakerState[] {
  return [...all.values()].map((b) => b.snapshot());
}
