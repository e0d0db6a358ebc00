// Per-request and per-message context: what getAuthData() (`~encore/auth`)
// reads. A pub/sub handler runs in a context of its own, so it never sees
// the auth data of the request that happened to publish.
import { AsyncLocalStorage } from "node:async_hooks";

export interface ApiCallContext {
  type: "api-call";
  authData: Record<string, unknown> | null;
}

export interface PubSubContext {
  type: "pubsub-message";
  subscription: string;
}

export type RequestContext = ApiCallContext | PubSubContext;

export const requestContext = new AsyncLocalStorage<RequestContext>();
