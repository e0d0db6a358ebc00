// Service middlewares as Encore runs them: each service's `middlewares`, in
// order, around every endpoint of that service (the endpoint's file lies in
// the service's directory), filtered by their `target`; they run after
// decoding and auth, and a throw from the handler passes back through them.
import type { IncomingMessage, ServerResponse } from "node:http";
import { sep } from "node:path";
import { registry, type Endpoint } from "./registry.ts";

export interface MiddlewareOptions {
  target?: { expose?: boolean; auth?: boolean; isRaw?: boolean; isStream?: boolean; tags?: string[] };
}

/** Encore's APIDesc: which endpoint a request is for. */
export interface APIDesc { service: string; endpoint: string; raw: boolean; auth: boolean; tags: string[] }

/** The subset of Encore's APICallMeta the host fills in. */
export interface APICallMeta {
  type: "api-call";
  api: APIDesc;
  method: string;
  path: string;
  pathAndQuery: string;
  pathParams: Record<string, any>;
  headers: Record<string, string | string[]>;
  parsedPayload?: Record<string, any>;
}

export class MiddlewareRequest {
  private _data?: Record<string, any>;
  constructor(readonly rawRequest?: IncomingMessage, readonly rawResponse?: ServerResponse, private readonly meta?: APICallMeta) {}
  /** The request's metadata, as Encore's currentRequest() gives it. */
  get requestMeta(): APICallMeta | undefined { return this.meta; }
  /** Passes data from middlewares to the handler. */
  get data(): Record<string, any> { return (this._data ??= {}); }
}

export class ResponseHeader {
  headers: Record<string, string | string[]> = {};
  set(key: string, value: string | string[]) { this.headers[key] = value; }
  add(key: string, value: string | string[]) {
    const prev = this.headers[key];
    this.headers[key] = prev === undefined ? value : [prev, value].flat();
  }
}

export class HandlerResponse {
  private _header?: ResponseHeader;
  private _status?: number;
  constructor(public payload: any) {}
  get header(): ResponseHeader { return (this._header ??= new ResponseHeader()); }
  set status(s: number) { this._status = s; }
  get statusCode(): number | undefined { return this._status; }
  get extraHeaders(): Record<string, string | string[]> { return this._header?.headers ?? {}; }
}

export type Next = (req: MiddlewareRequest) => Promise<HandlerResponse>;
export type MiddlewareFn = (req: MiddlewareRequest, next: Next) => Promise<HandlerResponse>;
export interface Middleware extends MiddlewareFn { options?: MiddlewareOptions }

export function middleware(m: MiddlewareFn): Middleware;
export function middleware(options: MiddlewareOptions, fn: MiddlewareFn): Middleware;
export function middleware(a: MiddlewareFn | MiddlewareOptions, b?: MiddlewareFn): Middleware {
  if (b === undefined) return a as Middleware;
  const mw: Middleware = (req, next) => b(req, next);
  mw.options = Object.freeze({ ...(a as MiddlewareOptions) });
  return mw;
}

const chains = new WeakMap<Endpoint, Middleware[]>();

/** The service an endpoint belongs to: the deepest service directory holding its file. */
export function serviceOf(endpoint: Endpoint) {
  const dir = endpoint.dir;
  return dir === undefined ? undefined : registry.services
    .filter((s) => dir === s.dir || dir.startsWith(s.dir + sep))
    .sort((x, y) => y.dir.length - x.dir.length)[0];
}

export function apiDesc(endpoint: Endpoint): APIDesc {
  const opts = endpoint.options as { auth?: boolean; tags?: string[] };
  return { service: serviceOf(endpoint)?.name ?? "", endpoint: endpoint.name ?? "", raw: endpoint.kind === "raw", auth: !!opts.auth, tags: opts.tags ?? [] };
}

/** The middlewares that run around an endpoint: its service's, as targeted. */
export function middlewaresFor(endpoint: Endpoint): Middleware[] {
  let chain = chains.get(endpoint);
  if (chain) return chain;
  const service = serviceOf(endpoint);
  const opts = endpoint.options as { expose?: boolean; auth?: boolean; tags?: string[] };
  chain = ((service?.middlewares ?? []) as Middleware[]).filter((m) => {
    const t = m.options?.target;
    if (!t) return true;
    return (t.expose === undefined || t.expose === !!opts.expose)
      && (t.auth === undefined || t.auth === !!opts.auth)
      && (t.isRaw === undefined || t.isRaw === (endpoint.kind === "raw"))
      && (t.isStream === undefined || t.isStream === false)
      && (t.tags === undefined || t.tags.some((tag) => opts.tags?.includes(tag)));
  });
  chains.set(endpoint, chain);
  return chain;
}

/** Runs the chain with the handler at its end. */
export function runMiddlewares(chain: Middleware[], req: MiddlewareRequest, handler: () => Promise<unknown>): Promise<HandlerResponse> {
  const step = async (i: number, r: MiddlewareRequest): Promise<HandlerResponse> => {
    const m = chain[i];
    if (!m) return new HandlerResponse(await handler());
    return m(r, (next) => step(i + 1, next));
  };
  return step(0, req);
}
