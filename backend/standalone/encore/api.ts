// Standalone implementation of `encore.dev/api`: api(), api.raw(),
// api.static(), APIError/ErrCode, Gateway, middleware() and the request-field
// marker types.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ErrCode } from "../runtime/error-codes.ts";
import { registry, type EndpointOptions } from "../runtime/registry.ts";
import { callerDir, headerFieldsOfCaller } from "../runtime/header-fields.ts";
import { resolve } from "node:path";

export { ErrCode };
export { middleware, MiddlewareRequest, HandlerResponse, ResponseHeader } from "../runtime/middleware.ts";
export type { Middleware, MiddlewareFn, MiddlewareOptions, Next } from "../runtime/middleware.ts";
export type ErrDetails = Record<string, any>;

export class APIError extends Error {
  public readonly code: ErrCode;
  public readonly details?: ErrDetails;

  constructor(code: ErrCode, msg: string, cause?: Error, details?: ErrDetails) {
    super(msg, { cause });
    this.code = code;
    this.details = details;
    Object.defineProperty(this, "name", { value: "APIError", enumerable: false, configurable: true });
    Object.setPrototypeOf(this, APIError.prototype);
  }

  withDetails(details: ErrDetails): APIError {
    return new APIError(this.code, this.message, this.cause as Error, details);
  }

  static canceled(msg: string, cause?: Error) { return new APIError(ErrCode.Canceled, msg, cause); }
  static unknown(msg: string, cause?: Error) { return new APIError(ErrCode.Unknown, msg, cause); }
  static invalidArgument(msg: string, cause?: Error) { return new APIError(ErrCode.InvalidArgument, msg, cause); }
  static deadlineExceeded(msg: string, cause?: Error) { return new APIError(ErrCode.DeadlineExceeded, msg, cause); }
  static notFound(msg: string, cause?: Error) { return new APIError(ErrCode.NotFound, msg, cause); }
  static alreadyExists(msg: string, cause?: Error) { return new APIError(ErrCode.AlreadyExists, msg, cause); }
  static permissionDenied(msg: string, cause?: Error) { return new APIError(ErrCode.PermissionDenied, msg, cause); }
  static resourceExhausted(msg: string, cause?: Error) { return new APIError(ErrCode.ResourceExhausted, msg, cause); }
  static failedPrecondition(msg: string, cause?: Error) { return new APIError(ErrCode.FailedPrecondition, msg, cause); }
  static aborted(msg: string, cause?: Error) { return new APIError(ErrCode.Aborted, msg, cause); }
  static outOfRange(msg: string, cause?: Error) { return new APIError(ErrCode.OutOfRange, msg, cause); }
  static unimplemented(msg: string, cause?: Error) { return new APIError(ErrCode.Unimplemented, msg, cause); }
  static internal(msg: string, cause?: Error) { return new APIError(ErrCode.Internal, msg, cause); }
  static unavailable(msg: string, cause?: Error) { return new APIError(ErrCode.Unavailable, msg, cause); }
  static dataLoss(msg: string, cause?: Error) { return new APIError(ErrCode.DataLoss, msg, cause); }
  static unauthenticated(msg: string, cause?: Error) { return new APIError(ErrCode.Unauthenticated, msg, cause); }
}

// Marker types: Encore reads them from the request type; at run time they are
// the plain value (see runtime/header-fields.ts for how headers are bound).
export type Header<TypeOrName = string, _Name extends string = ""> = TypeOrName extends string ? string : TypeOrName;
export type Query<TypeOrName = string, _Name extends string = ""> = TypeOrName extends string ? string : TypeOrName;

export type APIOptions = EndpointOptions & { tags?: string[]; sensitive?: boolean };

export interface StaticOptions {
  path?: string;
  expose?: boolean;
  auth?: boolean;
  dir: string;
  notFound?: string;
  notFoundStatus?: number;
  headers?: Record<string, string>;
}

function apiFn<Params, Response>(options: APIOptions, fn: (params: Params) => Promise<Response> | Response) {
  registry.endpoints.push({ kind: "typed", options, handler: fn as never, headerFields: headerFieldsOfCaller(), dir: callerDir(), exported: fn });
  return fn;
}

function raw(options: APIOptions, fn: (req: IncomingMessage, resp: ServerResponse) => unknown) {
  registry.endpoints.push({ kind: "raw", options, handler: fn, dir: callerDir(), exported: fn });
  return fn;
}

/** `dir` and `notFound` are relative to the declaring file, as in Encore. */
function staticFiles(options: StaticOptions) {
  const base = callerDir();
  const abs = (p: string) => (base ? resolve(base, p) : resolve(p));
  registry.endpoints.push({ kind: "static", options: { ...options, dir: abs(options.dir), notFound: options.notFound ? abs(options.notFound) : undefined }, dir: base, exported: options });
  return options;
}

export const api = Object.assign(apiFn, { raw, static: staticFiles });

export class Gateway {
  readonly name = "api-gateway";
  constructor(readonly cfg: { authHandler?: unknown }) {}
}
