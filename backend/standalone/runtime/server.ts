// The standalone host's HTTP layer: routes requests to the endpoints the app
// declared, runs the auth handler, decodes parameters the way Encore does
// (path params; query string for GET/HEAD/DELETE, JSON body otherwise;
// `Header<>` fields from headers) and encodes results and errors in Encore's
// wire format.
import http from "node:http";
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream";
import { chooseEncoding, compressBody, compressible, compressStream, encodedHeaders, MIN_COMPRESS_BYTES } from "./compression.ts";
import { stat } from "node:fs/promises";
import { extname, join, normalize, resolve as resolvePath, sep } from "node:path";
import FindMyWay from "find-my-way";
import { registry, type Endpoint } from "./registry.ts";
import { requestContext, type ApiCallContext } from "./context.ts";
import { ErrCode, statusOf } from "./error-codes.ts";
import { apiDesc, MiddlewareRequest, middlewaresFor, runMiddlewares, serviceOf, type APICallMeta } from "./middleware.ts";
import { pgFailure } from "./pg-failures.ts";
import { deployment, isHosted } from "./deployment.ts";
import { verify } from "./svcauth.ts";
import { FORWARDED, INTERNAL_PREFIX, authenticateRemotely, forward, peerFor, RemoteCallError, type RouteTable } from "./remote.ts";

const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;
const QUERY_METHODS = new Set(["GET", "HEAD", "DELETE"]);
const ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** Thrown by decoding; carries an Encore error code without depending on the app's APIError import. */
class HostError extends Error {
  constructor(readonly code: ErrCode, message: string, readonly details?: unknown) { super(message); }
}

type HttpObserver = (route: string, method: string, status: number, durationMs: number) => void;
let httpObserver: HttpObserver | null = null;
/** Lets the metrics module time requests by route without the server knowing about prom-client. */
export function observeHttp(o: HttpObserver) { httpObserver = o; }

/** Raw responses still open; shutdown ends the long-lived (server-sent event) ones. */
const rawResponses = new Set<http.ServerResponse>();

/** Ends open event streams so shutdown does not wait for clients that never hang up. */
export function endEventStreams(): number {
  let n = 0;
  for (const res of rawResponses) {
    if (String(res.getHeader("content-type") ?? "").startsWith("text/event-stream")) {
      res.end();
      n++;
    }
  }
  return n;
}

interface RouteStore { endpoint: Endpoint; route: string; wildcardName?: string }

export function buildRouter() {
  const router = FindMyWay({ ignoreTrailingSlash: true, maxParamLength: 500 });
  for (const endpoint of registry.endpoints) {
    // As in Encore: only `expose: true` endpoints are reachable over HTTP; others are for in-process calls.
    if (!endpoint.options.expose) continue;
    if (!endpointHosted(endpoint)) continue;
    const path = endpoint.options.path;
    if (!path) throw new Error("encore (standalone): every endpoint needs an explicit path");
    // Encore's `*name` and `!name` are trailing catch-alls; find-my-way names that segment "*".
    const wildcard = path.match(/[*!](\w+)$/);
    const fmwPath = wildcard ? path.slice(0, wildcard.index) + "*" : path;
    const methods = endpoint.kind === "static" ? ["GET", "HEAD"] : methodsOf(endpoint.options.method);
    for (const method of methods) {
      router.on(method as never, fmwPath, () => {}, { endpoint, route: path, wildcardName: wildcard?.[1] } satisfies RouteStore);
    }
  }
  return router;
}

/** Whether this process serves the endpoint: its service is among SERVICES (runtime/deployment.ts). */
export function endpointHosted(endpoint: Endpoint): boolean {
  const service = serviceOf(endpoint)?.name;
  return service === undefined || isHosted(service);
}

/** What this process hosts, for peers that pass requests on to it. */
export function routeTable(): RouteTable {
  const routes: RouteTable["routes"] = [];
  for (const e of registry.endpoints) {
    if (!e.options.expose || !e.options.path || !endpointHosted(e)) continue;
    const service = serviceOf(e)?.name ?? "";
    for (const method of e.kind === "static" ? ["GET", "HEAD"] : methodsOf(e.options.method)) routes.push({ method, path: e.options.path, service });
  }
  return { services: registry.services.map((s) => s.name).filter(isHosted), authHandler: registry.authHandler !== null, routes };
}

function methodsOf(method: string | string[] | undefined): string[] {
  if (method === undefined) return ["POST"];
  if (method === "*") return [...ALL_METHODS];
  return Array.isArray(method) ? method : [method];
}

/**
 * The request target as a URL: origin-form ("/path?q") against this host, or
 * absolute-form (RFC 9112 §3.2.2). Anything else, or a target the URL parser
 * refuses ("http://[", a port above 65535), is null: the client gets a 400.
 */
function requestUrl(target: string | undefined): URL | null {
  if (!target) return null;
  try {
    // Concatenated, not resolved against a base: "//x/health" is a path, not a host.
    return new URL(target.startsWith("/") ? "http://localhost" + target : target);
  } catch {
    return null;
  }
}

/**
 * A request Node's parser refuses (a NUL or other invalid byte in a header,
 * headers too large) never reaches the listener; it still gets an answer in
 * the wire format every other error uses, then the connection closes.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: import("node:stream").Duplex) {
  if (err.code === "ECONNRESET" || !socket.writable) return void socket.destroy();
  const status = err.code === "HPE_HEADER_OVERFLOW" ? 431 : err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const code = status === 408 ? ErrCode.DeadlineExceeded : ErrCode.InvalidArgument;
  const body = JSON.stringify({ code, message: status === 431 ? "the request headers are too large" : status === 408 ? "the request took too long to arrive" : "the request is not valid HTTP (a header holds a character HTTP does not allow, such as NUL)", details: null });
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

export function createServer() {
  const router = buildRouter();
  const server = http.createServer((req, res) => {
    const started = performance.now();
    let route = "unmatched";
    res.on("finish", () => httpObserver?.(route, req.method ?? "GET", res.statusCode, performance.now() - started));
    // Nothing a request carries may escape the listener: an exception here would end the process.
    try {
      const url = requestUrl(req.url);
      if (!url) {
        writeError(res, new HostError(ErrCode.InvalidArgument, "the request target is not a valid URL path"));
        return;
      }
      if (url.pathname.startsWith(INTERNAL_PREFIX)) {
        void handleInternal(req, res, url).catch((err) => failRequest(res, err));
        return;
      }
      const found = router.find(req.method as never, url.pathname);
      if (!found) {
        if (deployment().urls.size > 0) {
          route = "forwarded";
          void forwardToPeer(req, res, url).catch((err) => failRequest(res, err));
          return;
        }
        writeError(res, new HostError(ErrCode.NotFound, `no endpoint matches ${req.method} ${url.pathname}`));
        return;
      }
      const store = found.store as RouteStore;
      if (/!\w+$/.test(store.route) && deployment().urls.size > 0 && !wasForwarded(fromPeer(req))) {
        // A fallback answers only what no endpoint of the whole app matches, wherever that endpoint is hosted.
        void peerFor(req.method ?? "GET", url.pathname, true).then((base) => {
          if (!base) return dispatch(store, found.params, req, res, url);
          route = "forwarded";
          if (!("ok" in fromPeer(req))) appendForwardedFor(req);
          forward(base, req, res, (err) => failRequest(res, err));
        }).catch((err) => failRequest(res, err));
        return;
      }
      route = store.route;
      dispatch(store, found.params, req, res, url);
    } catch (err) {
      failRequest(res, err);
    }
  });
  server.on("clientError", answerClientError);
  return server;
}

function dispatch(store: RouteStore, found: Record<string, string | undefined>, req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(found)) {
    if (v === undefined) continue;
    params[k === "*" && store.wildcardName ? store.wildcardName : k] = v;
  }
  void handle(store.endpoint, req, res, url, params);
}

/** Answers with the error when nothing was sent yet, else cuts the connection; never throws. */
function failRequest(res: http.ServerResponse, err: unknown) {
  try {
    if (res.headersSent) res.destroy();
    else writeError(res, err);
  } catch (e) {
    res.destroy();
    process.stderr.write(JSON.stringify({ level: "error", time: new Date().toISOString(), message: "could not send an error response", error: (e as Error)?.message }) + "\n");
  }
}

/** The host is the edge: it appends the peer address as a proxy would, so the app reads the last hop. */
function appendForwardedFor(req: http.IncomingMessage) {
  const peer = req.socket.remoteAddress ?? "unknown";
  const xff = req.headers["x-forwarded-for"];
  req.headers["x-forwarded-for"] = xff ? `${xff}, ${peer}` : peer;
}

/**
 * A signed request (runtime/svcauth.ts) comes from another process of the
 * app, which was the edge and appended the client's address already; an
 * unsigned one comes from outside. A bad signature is refused.
 */
function fromPeer(req: http.IncomingMessage): ReturnType<typeof verify> {
  const v = verify(deployment().authKey, req.headers);
  if ("ok" in v && !v.ok) throw new HostError(ErrCode.Unauthenticated, `service-to-service authentication failed: ${v.reason}`);
  return v;
}

const wasForwarded = (v: ReturnType<typeof verify>) => "ok" in v && v.ok && v.caller === FORWARDED;

async function forwardToPeer(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
  const v = fromPeer(req);
  // Passed on once only: a peer's route table said it hosts this, so a miss there is a real 404.
  const base = wasForwarded(v) ? null : await peerFor(req.method ?? "GET", url.pathname);
  if (!base) throw new HostError(ErrCode.NotFound, `no endpoint matches ${req.method} ${url.pathname}`);
  if (!("ok" in v)) appendForwardedFor(req);
  forward(base, req, res, (err) => failRequest(res, err));
}

/** The endpoints processes use among themselves: routes, the auth handler, API calls. Each requires a valid signature. */
async function handleInternal(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
  const v = fromPeer(req);
  if (!("ok" in v) || !v.ok) throw new HostError(ErrCode.PermissionDenied, `${url.pathname} is for the app's own processes (a signed service-to-service call)`);
  const rest = url.pathname.slice(INTERNAL_PREFIX.length).split("/");
  if (rest[0] === "routes" && req.method === "GET") return writeJson(res, 200, routeTable());
  if (rest[0] === "authhandler" && req.method === "POST") {
    if (!registry.authHandler) throw new HostError(ErrCode.NotFound, "this process does not host the auth handler");
    const body = JSON.parse((await readBody(req, DEFAULT_BODY_LIMIT)).toString("utf8") || "{}") as { headers?: Record<string, string> };
    const authData = await requestContext.run({ type: "api-call", authData: null }, () => authenticate({ headers: body.headers ?? {} } as http.IncomingMessage, true));
    return writeJson(res, 200, { authData });
  }
  if (rest[0] === "call" && rest.length === 3 && req.method === "POST") {
    const [, service, name] = rest;
    const endpoint = registry.endpoints.find((e) => e.kind === "typed" && e.name === name && serviceOf(e)?.name === service);
    if (!endpoint || endpoint.kind !== "typed" || !isHosted(service)) throw new HostError(ErrCode.NotFound, `this process does not host the endpoint ${service}.${name}`);
    const params = JSON.parse((await readBody(req, endpoint.options.bodyLimit === null ? Infinity : endpoint.options.bodyLimit ?? DEFAULT_BODY_LIMIT)).toString("utf8") || "{}") as Record<string, unknown>;
    const ctx: ApiCallContext = { type: "api-call", authData: v.authData };
    await requestContext.run(ctx, async () => {
      const out = await runMiddlewares(middlewaresFor(endpoint), new MiddlewareRequest(undefined, undefined, callMeta(endpoint, req, url, {}, params)), async () => endpoint.handler(params));
      writeJson(res, out.statusCode ?? 200, out.payload, out.extraHeaders);
    });
    return;
  }
  throw new HostError(ErrCode.NotFound, `no internal endpoint ${req.method} ${url.pathname}`);
}

async function handle(endpoint: Endpoint, req: http.IncomingMessage, res: http.ServerResponse, url: URL, pathParams: Record<string, string>) {
  if (!("ok" in fromPeer(req))) appendForwardedFor(req);
  const ctx: ApiCallContext = { type: "api-call", authData: null };
  try {
    await requestContext.run(ctx, async () => {
      if (endpoint.kind === "static") return serveStatic(endpoint, pathParams, req, res);
      try {
        ctx.authData = await authenticate(req);
      } catch (err) {
        // As in Encore's runtime: a public endpoint carries on without auth data when credentials are rejected.
        if (endpoint.options.auth || (err as { code?: string }).code !== ErrCode.Unauthenticated) throw err;
      }
      if (endpoint.options.auth && !ctx.authData) throw new HostError(ErrCode.Unauthenticated, "this endpoint requires authentication (Authorization: Bearer <token>)");
      if (endpoint.kind === "raw") {
        rawResponses.add(res);
        res.once("close", () => rawResponses.delete(res));
        await runMiddlewares(middlewaresFor(endpoint), new MiddlewareRequest(req, res, callMeta(endpoint, req, url, pathParams)), async () => endpoint.handler(req, res));
        return;
      }
      const params = await decodeParams(endpoint, req, url, pathParams);
      const out = await runMiddlewares(middlewaresFor(endpoint), new MiddlewareRequest(undefined, undefined, callMeta(endpoint, req, url, pathParams, params)), async () => endpoint.handler(params));
      writeJson(res, out.statusCode ?? 200, out.payload, out.extraHeaders);
    });
  } catch (err) {
    failRequest(res, err);
  }
}

function callMeta(endpoint: Endpoint, req: http.IncomingMessage, url: URL, pathParams: Record<string, string>, parsedPayload?: Record<string, any>): APICallMeta {
  return {
    type: "api-call", api: apiDesc(endpoint), method: req.method ?? "GET", path: url.pathname, pathAndQuery: url.pathname + url.search,
    pathParams, headers: req.headers as Record<string, string | string[]>, parsedPayload,
  };
}

async function authenticate(req: http.IncomingMessage, localOnly = false): Promise<Record<string, unknown> | null> {
  const auth = registry.authHandler;
  if (!auth) {
    // Deployed apart: the process that hosts the auth handler runs it.
    if (localOnly || deployment().urls.size === 0) return null;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && !k.startsWith("x-encore-meta-")) headers[k] = v;
    // A RemoteCallError goes out as it is (writeError).
    return authenticateRemotely("host", headers);
  }
  const params: Record<string, string> = {};
  for (const [field, header] of auth.headerFields) {
    const v = req.headers[header];
    if (typeof v === "string" && v !== "") params[field] = v;
  }
  // Encore runs the auth handler only when the request carries one of its parameters.
  if (Object.keys(params).length === 0) return null;
  return (await auth.handler(params)) ?? null;
}

async function decodeParams(endpoint: Extract<Endpoint, { kind: "typed" }>, req: http.IncomingMessage, url: URL, pathParams: Record<string, string>) {
  let fields: Record<string, unknown> = {};
  if (QUERY_METHODS.has(req.method ?? "GET")) {
    for (const key of new Set(url.searchParams.keys())) {
      const all = url.searchParams.getAll(key);
      fields[key] = all.length === 1 ? all[0] : all;
    }
  } else {
    const limit = endpoint.options.bodyLimit === null ? Infinity : endpoint.options.bodyLimit ?? DEFAULT_BODY_LIMIT;
    const body = await readBody(req, limit);
    if (body.length > 0) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch {
        throw new HostError(ErrCode.InvalidArgument, "the request body is not valid JSON");
      }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new HostError(ErrCode.InvalidArgument, "the request body must be a JSON object");
      }
      fields = parsed as Record<string, unknown>;
    }
  }
  // Header-bound fields come from headers only, never from the body or query.
  for (const [field, header] of endpoint.headerFields) {
    delete fields[field];
    const v = req.headers[header];
    if (typeof v === "string") fields[field] = v;
  }
  return { ...fields, ...pathParams };
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        // Answer now and discard the rest, so the client reads the error rather than a reset.
        req.removeAllListeners("data");
        req.resume();
        reject(new HostError(ErrCode.InvalidArgument, `the request body exceeds the ${limit}-byte limit`));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function writeJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) {
  if (body === undefined || body === null) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = Buffer.from(JSON.stringify(body));
  const plain = { ...headers, "content-type": "application/json; charset=utf-8", "content-length": text.length };
  const encoding = chooseEncoding(res.req?.headers["accept-encoding"], plain["content-type"], text.length);
  if (!encoding) {
    res.writeHead(status, text.length >= MIN_COMPRESS_BYTES ? { ...plain, vary: "Accept-Encoding" } : plain).end(text);
    return;
  }
  compressBody(encoding, text, (err, out) => {
    if (err) return void res.writeHead(status, plain).end(text);
    res.writeHead(status, { ...encodedHeaders(plain, encoding), "content-length": out.length }).end(out);
  });
}

/** What a client is told to wait before retrying a 503 that does not say. */
const DEFAULT_RETRY_AFTER_S = 5;

/**
 * The host's one error translator. An APIError (or the host's own) goes out
 * as it is. Anything else is the app's bug or the database's state: a
 * PostgreSQL connection failure (server down, restarting, out of
 * connections, a connection lost) is 503 `unavailable`, a deadlock or
 * serialization failure 409 `aborted` (sending it again may succeed), the
 * rest 500 `internal`. A 503, and a 429, carries Retry-After (from
 * details.retryAfterSeconds when the app gave one).
 */
function writeError(res: http.ServerResponse, err: unknown) {
  const e = err as { name?: string; code?: unknown; message?: string; details?: unknown };
  // A RemoteCallError is a peer process's failure in Encore's terms (unavailable when it cannot be reached), as is.
  const isApiError = err instanceof HostError || err instanceof RemoteCallError || (e?.name === "APIError" && typeof e.code === "string" && e.code in reverseCodes);
  if (isApiError) {
    const code = e.code as ErrCode;
    writeJson(res, statusOf[code] ?? 500, { code, message: e.message, details: e.details ?? null }, retryAfter(code, e.details));
    return;
  }
  const failure = pgFailure(err);
  // Never leak stacks, SQL or addresses to the client; the log has them.
  process.stderr.write(JSON.stringify({ level: failure ? "warn" : "error", time: new Date().toISOString(), message: failure ? `database ${failure}` : "unhandled error in endpoint", error: (err as Error)?.message, stack: failure ? undefined : (err as Error)?.stack }) + "\n");
  if (failure === "unavailable") {
    writeJson(res, 503, { code: ErrCode.Unavailable, message: "the database is unavailable; try again shortly", details: { retryAfterSeconds: DEFAULT_RETRY_AFTER_S } }, retryAfter(ErrCode.Unavailable, null));
  } else if (failure === "aborted") {
    writeJson(res, 409, { code: ErrCode.Aborted, message: "the request conflicted with a concurrent change and was rolled back; send it again", details: { retryable: true } });
  } else {
    writeJson(res, 500, { code: ErrCode.Internal, message: "an internal error occurred", details: null });
  }
}

function retryAfter(code: ErrCode, details: unknown): http.OutgoingHttpHeaders {
  if (code !== ErrCode.Unavailable && code !== ErrCode.ResourceExhausted) return {};
  const given = (details as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  if (typeof given === "number" && Number.isFinite(given) && given >= 0) return { "retry-after": String(Math.ceil(given)) };
  return code === ErrCode.Unavailable ? { "retry-after": String(DEFAULT_RETRY_AFTER_S) } : {};
}

const reverseCodes = Object.fromEntries(Object.values(ErrCode).map((c) => [c, true]));

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon",
  ".woff2": "font/woff2", ".txt": "text/plain; charset=utf-8", ".map": "application/json",
};

async function serveStatic(endpoint: Extract<Endpoint, { kind: "static" }>, pathParams: Record<string, string>, req: http.IncomingMessage, res: http.ServerResponse) {
  const { dir, notFound, notFoundStatus, headers } = endpoint.options;
  const root = resolvePath(dir);
  const rel = Object.values(pathParams).pop() ?? "";
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    throw new HostError(ErrCode.InvalidArgument, "the path is not valid percent-encoding");
  }
  let file = normalize(join(root, decoded));
  if (!file.startsWith(root + sep) && file !== root) throw new HostError(ErrCode.NotFound, "not found");
  let status = 200;
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = join(file, "index.html");
    info = await stat(file).catch(() => null);
  }
  if (!info && notFound) {
    file = resolvePath(notFound);
    info = await stat(file).catch(() => null);
    status = notFoundStatus ?? 404;
  }
  if (!info) throw new HostError(ErrCode.NotFound, `no file ${rel}`);
  // Hashed assets never change; everything else (index.html) must be revalidated.
  const cache = file.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache";
  const plain: http.OutgoingHttpHeaders = { "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream", "content-length": info.size, "cache-control": cache, ...headers };
  const encoding = req.method === "HEAD" ? null : chooseEncoding(req.headers["accept-encoding"], String(plain["content-type"]), info.size);
  if (!encoding) {
    res.writeHead(status, compressible(String(plain["content-type"])) && info.size >= MIN_COMPRESS_BYTES ? { ...plain, vary: "Accept-Encoding" } : plain);
    if (req.method === "HEAD") return void res.end();
    createReadStream(file).pipe(res);
    return;
  }
  res.writeHead(status, encodedHeaders(plain, encoding));
  pipeline(createReadStream(file), compressStream(encoding, info.size), res, (err) => { if (err) res.destroy(err); });
}
