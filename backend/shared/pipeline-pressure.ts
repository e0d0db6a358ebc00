// Backpressure from the cash-book fold to creates in the same process. HTTP
// handlers and the pipeline share one event loop: flat out (bench:write at
// 500 connections) the creates took the loop and the fold, whose batch is
// capped by its subscription's maxConcurrency, fell further behind every
// second (13,184 creates behind after 10 s). A cash report that is minutes
// stale is worse than a create that waits: so while the fold's newest commit
// shows fresh events reaching the cash book later than PIPELINE_LAG_BOUND_MS,
// the create batcher (finance/create-batcher.ts) writes one batch at a time
// and pauses before each, longer the further behind the fold is, until it
// catches up. Creates are delayed, never refused.
//
// The signal is per process: where the fold runs in other processes
// (SERVICES, deployed apart) nothing here sees it and creates never pause,
// and there the fold has its own event loop to lose to no one.
import { envNumber } from "./env.ts";

const LAG_BOUND_MS = envNumber("PIPELINE_LAG_BOUND_MS", 500);
/** A fold commit older than this says nothing about now (idle, or the fold lives elsewhere). */
const SIGNAL_TTL_MS = 2_000;
/** Pause per 1 ms the fold is beyond the bound, and the most a batch waits. */
const PAUSE_PER_LAG_MS = 0.1;
const MAX_PAUSE_MS = 200;

let lagMs = 0;
let seenAt = -Infinity;

/** The fold committed a batch whose newest event took `ms` from its occurredAt to the commit. */
export function noteFoldLag(ms: number, now = Date.now()): void {
  lagMs = ms;
  seenAt = now;
}

/** How long the next create batch should wait before it is written: 0 unless the fold here is behind. */
export function createPauseMs(now = Date.now()): number {
  if (now - seenAt > SIGNAL_TTL_MS) return 0;
  const over = lagMs - LAG_BOUND_MS;
  return over <= 0 ? 0 : Math.min(MAX_PAUSE_MS, Math.ceil(over * PAUSE_PER_LAG_MS));
}
