// Standalone `encore.dev/metrics`: Counter, Gauge, CounterGroup and
// GaugeGroup on prom-client, in its default registry with the host's other
// series (runtime/metrics-bridge.ts). Encore's API has no help text, so the
// name doubles as help; a metric series is created on first use, as in Encore.
import { Counter as PromCounter, Gauge as PromGauge, register as registry } from "prom-client";

export interface MetricConfig {}

type LabelValues = Record<string, string>;
type Labels = Record<string, string | number | boolean>;

function labelValues(labels: Labels): LabelValues {
  const out: LabelValues = {};
  // Encore floors numeric label values.
  for (const [k, v] of Object.entries(labels)) out[k] = typeof v === "number" ? String(Math.floor(v)) : String(v);
  return out;
}

function promMetric<T extends PromCounter<string> | PromGauge<string>>(name: string, make: () => T): T {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`encore: metric name "${name}" must be snake_case`);
  const existing = registry.getSingleMetric(name);
  return (existing as T | undefined) ?? make();
}

export class Counter {
  private metric: PromCounter<string> | null = null;
  private readonly labels: LabelValues;
  constructor(private readonly name: string, _cfg?: MetricConfig, labels: Labels = {}) { this.labels = labelValues(labels); }

  increment(value = 1): void {
    this.metric ??= promMetric(this.name, () =>
      new PromCounter({ name: this.name, help: this.name, labelNames: Object.keys(this.labels), registers: [registry] }));
    this.metric.inc(this.labels, value);
  }
  ref(): Counter { return this; }
}

export class Gauge {
  private metric: PromGauge<string> | null = null;
  private readonly labels: LabelValues;
  constructor(private readonly name: string, _cfg?: MetricConfig, labels: Labels = {}) { this.labels = labelValues(labels); }

  set(value: number): void {
    this.metric ??= promMetric(this.name, () =>
      new PromGauge({ name: this.name, help: this.name, labelNames: Object.keys(this.labels), registers: [registry] }));
    this.metric.set(this.labels, value);
  }
  ref(): Gauge { return this; }
}

export class CounterGroup<L extends Record<keyof L, string | number | boolean>> {
  private readonly cache = new Map<string, Counter>();
  constructor(private readonly name: string, private readonly cfg?: MetricConfig) {}
  with(labels: L): Counter {
    const key = JSON.stringify(labelValues(labels as Labels));
    let c = this.cache.get(key);
    if (!c) this.cache.set(key, (c = new Counter(this.name, this.cfg, labels as Labels)));
    return c;
  }
  ref(): CounterGroup<L> { return this; }
}

export class GaugeGroup<L extends Record<keyof L, string | number | boolean>> {
  private readonly cache = new Map<string, Gauge>();
  constructor(private readonly name: string, private readonly cfg?: MetricConfig) {}
  with(labels: L): Gauge {
    const key = JSON.stringify(labelValues(labels as Labels));
    let g = this.cache.get(key);
    if (!g) this.cache.set(key, (g = new Gauge(this.name, this.cfg, labels as Labels)));
    return g;
  }
  ref(): GaugeGroup<L> { return this; }
}
