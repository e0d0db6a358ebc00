// Periodic reconciliation over recently touched dates: the fold notes each
// property's earliest changed date; every interval, properties whose source
// has settled are reconciled from that date.
import log from "encore.dev/log";
import { every, onShutdown } from "../shared/lifecycle.ts";
import { CorrectionBatcher } from "./correction-batcher.ts";
import { reconcileProperty } from "./reconciler.ts";
import { envNumber } from "../shared/env.ts";

const INTERVAL_MS = envNumber("RECONCILE_INTERVAL_MS", 5 * 60_000, { min: 1 });
const MAX_TOUCHED = 100_000;

export const corrections = new CorrectionBatcher();

const touched = new Map<string, { orgId: string; propertyId: string; from: string }>();

export function noteTouched(orgId: string, propertyId: string, date: string): void {
  const k = `${orgId}|${propertyId}`;
  const prev = touched.get(k);
  if (prev) {
    if (date < prev.from) prev.from = date;
    return;
  }
  // Bounded: beyond the cap the oldest noted property is checked on a later sweep instead.
  if (touched.size >= MAX_TOUCHED) touched.delete(touched.keys().next().value!);
  touched.set(k, { orgId, propertyId, from: date });
}

export async function sweep(): Promise<number> {
  const due = [...touched.values()];
  touched.clear();
  let corrected = 0;
  for (const t of due) {
    try {
      const r = await reconcileProperty(t.orgId, t.propertyId, t.from, corrections);
      if (r.skipped) noteTouched(t.orgId, t.propertyId, t.from); // not settled yet: next sweep
      corrected += r.mismatches;
    } catch (err) {
      log.warn(err, "periodic reconciliation failed", { propertyId: t.propertyId });
      noteTouched(t.orgId, t.propertyId, t.from);
    }
  }
  return corrected;
}

// Hooks run latest first: the sweep stops before the batcher it feeds.
onShutdown("correction batcher", () => corrections.stop());
every("periodic reconciliation", INTERVAL_MS, sweep);
