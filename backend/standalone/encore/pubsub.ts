// Standalone `encore.dev/pubsub`: Topic and Subscription over the durable
// PostgreSQL engine in runtime/pubsub-engine.ts.
import { pubsub, type SubscriptionOptions } from "../runtime/pubsub-engine.ts";

export type DeliveryGuarantee = "at-least-once" | "exactly-once";
export interface TopicConfig<_Msg> { deliveryGuarantee: DeliveryGuarantee; orderingAttribute?: string }
export type Attribute<T extends string | number | boolean> = T;
export interface RetryPolicy { minBackoff?: string; maxBackoff?: string; maxRetries?: number }
export interface SubscriptionConfig<Msg> extends Omit<SubscriptionOptions, "handler"> { handler: (msg: Msg) => Promise<unknown> }

export class Topic<Msg extends object> {
  constructor(readonly name: string, readonly cfg: TopicConfig<Msg>) {}
  /** Resolves with the message id once the message is durably stored for every subscription. */
  publish(msg: Msg): Promise<string> { return pubsub.publisher.publish(this.name, msg); }
  ref<P>(): P { return this as unknown as P; }
}

export class Subscription<Msg extends object> {
  constructor(topic: Topic<Msg>, readonly name: string, cfg: SubscriptionConfig<Msg>) {
    pubsub.register(topic.name, name, cfg);
  }
}
