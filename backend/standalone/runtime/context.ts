// Per-request and per-message context, the standalone equivalent of the
// Encore runtime's request tracking (`currentRequest()`, `getAuthData()`).
import { AsyncLocalStorage } from "node:async_hooks";

export interface ApiCallContext {
  type: "api-call";
  method: string;
  path: string;
  pathAndQuery: string;
  pathParams: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  authData: Record<string, unknown> | null;
  remoteAddress: string | undefined;
}

export interface PubSubContext {
  type: "pubsub-message";
  topic: string;
  subscription: string;
  messageId: string;
  deliveryAttempt: number;
}

export type RequestContext = ApiCallContext | PubSubContext;

export const requestContext = new AsyncLocalStorage<RequestContext>();
