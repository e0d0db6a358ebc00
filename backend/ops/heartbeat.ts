// Proves pub/sub end to end for the health check: a heartbeat published on
// its own topic must come back through a subscription in this process.
import { Topic, Subscription } from "encore.dev/pubsub";
import { randomUUID } from "node:crypto";

export interface Heartbeat { id: string; sentAt: string }

/** Health-check pings; nothing but the ops service subscribes. */
export const heartbeats = new Topic<Heartbeat>("ops-heartbeats", { deliveryGuarantee: "at-least-once" });

const waiting = new Map<string, () => void>();

const _ = new Subscription(heartbeats, "ops-heartbeat-receiver", {
  handler: async (msg: Heartbeat) => {
    waiting.get(msg.id)?.();
  },
  maxConcurrency: 10,
  ackDeadline: "10s",
  messageRetention: "1h",
  retryPolicy: { minBackoff: "1s", maxBackoff: "10s", maxRetries: 2 },
});

/** Round-trip time of one heartbeat in ms, or null when it did not arrive within timeoutMs. */
export async function pubsubRoundTrip(timeoutMs: number): Promise<number | null> {
  const id = randomUUID();
  const started = performance.now();
  const arrived = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    waiting.set(id, () => { clearTimeout(timer); resolve(true); });
  });
  try {
    await heartbeats.publish({ id, sentAt: new Date().toISOString() });
    return (await arrived) ? Math.round(performance.now() - started) : null;
  } finally {
    waiting.delete(id);
  }
}
