// Calls between processes when services are deployed apart
// (runtime/deployment.ts): an API call to a service hosted elsewhere, the
// auth handler when this process does not host it, and an outside request
// for an endpoint another process hosts, which is passed on to it. Every
// such request is signed (runtime/svcauth.ts). What a process hosts it tells
// its peers at GET /__encore/routes, so no process needs another's code.
import http from "node:http";
import FindMyWay from "find-my-way";
import { deployment } from "./deployment.ts";
import { sign, callMeta, META } from "./svcauth.ts";
import { ErrCode } from "./error-codes.ts";

export const INTERNAL_PREFIX = "/__encore/";
/** The caller a passed-on request is signed as: the receiver never passes it on again, so a stale route table cannot loop. */
export const FORWARDED = "forwarded";

/** Thrown for a failed remote call: the callee's Encore error as it came, or `unavailable` when it could not be reached. */
export class RemoteCallError extends Error {
  constructor(readonly code: ErrCode, message: string, readonly details?: unknown) { super(message); }
}

export interface RouteTable {
  services: string[];
  authHandler: boolean;
  routes: { method: string; path: string; service: string }[];
}

const CALL_TIMEOUT_MS = Number(process.env.SERVICE_CALL_TIMEOUT_MS ?? 60_000);
/** How long a peer's route table is trusted before a miss makes this process ask again. */
const ROUTES_TTL_MS = 5_000;

function peerUrls(): string[] {
  return [...new Set(deployment().urls.values())];
}

function signedHeaders(caller: string, callee: string, authData: Record<string, unknown> | null): Record<string, string> {
  const key = deployment().authKey;
  if (!key) throw new RemoteCallError(ErrCode.Internal, "SERVICE_AUTH_KEY is not set; this process cannot call other processes");
  return sign(key, callMeta(caller, callee, authData));
}

async function readError(service: string, what: string, res: Response): Promise<RemoteCallError> {
  const text = await res.text();
  try {
    const e = JSON.parse(text) as { code?: string; message?: string; details?: unknown };
    if (typeof e.code === "string" && typeof e.message === "string") return new RemoteCallError(e.code as ErrCode, e.message, e.details ?? undefined);
  } catch { /* not Encore's format: described below */ }
  return new RemoteCallError(ErrCode.Internal, `${what} on service ${service} answered HTTP ${res.status}: ${text.slice(0, 200)}`);
}

async function post(url: string, service: string, what: string, headers: Record<string, string>, body: unknown): Promise<Response> {
  try {
    return await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body ?? {}), signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
  } catch (err) {
    throw new RemoteCallError(ErrCode.Unavailable, `service ${service} (${url}) could not be reached for ${what}: ${(err as Error).message}`, { retryAfterSeconds: 1 });
  }
}

/** An endpoint of a service hosted elsewhere, called in the name of the current caller's auth data. */
export async function callRemote(caller: string, service: string, endpoint: string, params: unknown, authData: Record<string, unknown> | null): Promise<unknown> {
  const base = deployment().urls.get(service);
  if (!base) throw new RemoteCallError(ErrCode.Internal, `service ${service} is not hosted in this process and SERVICE_URLS gives no base URL for it`);
  const res = await post(`${base}${INTERNAL_PREFIX}call/${service}/${endpoint}`, service, `${service}.${endpoint}`, signedHeaders(caller, service, authData), params);
  if (!res.ok) throw await readError(service, `${service}.${endpoint}`, res);
  const text = await res.text();
  return text === "" ? undefined : JSON.parse(text);
}

interface PeerTables { at: number; router: ReturnType<typeof FindMyWay>; authPeer: string | null; unread: string[] }
let tables: PeerTables | null = null;
let loading: Promise<PeerTables> | null = null;
/** Each peer's routes as last read: a peer that is down (restarting) keeps its routes, so its requests get 503, not another process's fallback page. */
const lastRead = new Map<string, RouteTable>();

async function loadTables(): Promise<PeerTables> {
  const router = FindMyWay({ ignoreTrailingSlash: true, maxParamLength: 500 });
  let authPeer: string | null = null;
  const seen = new Set<string>();
  const unread: string[] = [];
  for (const base of peerUrls()) {
    let table: RouteTable | undefined;
    try {
      const res = await fetch(`${base}${INTERNAL_PREFIX}routes`, { headers: signedHeaders("host", "host", null), signal: AbortSignal.timeout(5_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      table = (await res.json()) as RouteTable;
      lastRead.set(base, table);
    } catch (err) {
      process.stderr.write(JSON.stringify({ level: "warn", time: new Date().toISOString(), message: "could not read a peer's routes", peer: base, error: (err as Error).message, using: lastRead.has(base) ? "the routes last read" : "none" }) + "\n");
      table = lastRead.get(base);
      if (!table) {
        unread.push(base);
        continue;
      }
    }
    if (table.authHandler && !authPeer) authPeer = base;
    for (const r of table.routes) {
      const fmwPath = r.path.replace(/[*!]\w+$/, "*");
      const key = `${r.method} ${fmwPath}`;
      if (seen.has(key)) continue; // the same service on several peers: the first one answers
      seen.add(key);
      router.on(r.method as never, fmwPath, () => {}, { base, fallback: /!\w+$/.test(r.path) });
    }
  }
  return { at: Date.now(), router, authPeer, unread };
}

async function currentTables(refresh: boolean): Promise<PeerTables> {
  if (tables && !(refresh && Date.now() - tables.at > ROUTES_TTL_MS)) return tables;
  loading ??= loadTables().then((t) => (tables = t)).finally(() => { loading = null; });
  return loading;
}

/**
 * The base URL of the process that hosts `method path`, or null. With
 * `exceptFallback`, a peer's `!name` fallback route does not count (this
 * process has a fallback of its own, and a fallback only answers what no
 * endpoint of the app matches).
 */
export async function peerFor(method: string, path: string, exceptFallback = false): Promise<string | null> {
  for (const refresh of [false, true]) {
    const t = await currentTables(refresh);
    const found = t.router.find(method as never, path);
    const store = found?.store as { base: string; fallback: boolean } | undefined;
    if (store && !(exceptFallback && store.fallback)) return store.base;
  }
  // A fallback must not answer for an endpoint this process cannot see: with a peer never read, it is not known.
  const unread = (await currentTables(false)).unread;
  if (exceptFallback && unread.length > 0) {
    throw new RemoteCallError(ErrCode.Unavailable, `${method} ${path} may be an endpoint of a process that could not be reached (${unread.join(", ")})`, { retryAfterSeconds: 1 });
  }
  return null;
}

/**
 * Runs the auth handler on the process that hosts it. This process does not
 * know which headers the handler reads (that is in the handler's code), so
 * it sends the request's headers and the other side picks its parameters.
 */
export async function authenticateRemotely(caller: string, headers: Record<string, string>): Promise<Record<string, unknown> | null> {
  let peer = (await currentTables(false)).authPeer;
  if (!peer) peer = (await currentTables(true)).authPeer;
  if (!peer) throw new RemoteCallError(ErrCode.Unavailable, "no process hosting the auth handler could be reached to check the credentials", { retryAfterSeconds: 1 });
  const res = await post(`${peer}${INTERNAL_PREFIX}authhandler`, "auth handler", "authentication", signedHeaders(caller, "auth-handler", null), { headers });
  if (!res.ok) throw await readError("auth handler", "authentication", res);
  return ((await res.json()) as { authData: Record<string, unknown> | null }).authData;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "host"]);

/**
 * Passes an outside request on to `base` unchanged but for the hop headers:
 * the caller's own `x-encore-meta-*` headers are dropped and the request is
 * signed, so the receiver trusts the X-Forwarded-For this process (the edge)
 * appended rather than seeing this process as the client.
 */
export function forward(base: string, req: http.IncomingMessage, res: http.ServerResponse, onError: (err: unknown) => void): void {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (HOP_BY_HOP.has(k) || k.startsWith("x-encore-meta-")) continue;
    headers[k] = v;
  }
  Object.assign(headers, signedHeaders(FORWARDED, "gateway", null));
  const target = new URL(req.url ?? "/", base);
  // No timeout of its own: a live stream stays open for hours; the client and the receiver bound the rest.
  const out = http.request(target, { method: req.method, headers }, (peerRes) => {
    const h = { ...peerRes.headers };
    delete h.connection;
    delete h["keep-alive"];
    res.writeHead(peerRes.statusCode ?? 502, h);
    peerRes.pipe(res);
  });
  res.once("close", () => out.destroy());
  out.once("error", (err) => onError(new RemoteCallError(ErrCode.Unavailable, `the process hosting ${req.method} ${target.pathname} (${base}) could not be reached: ${err.message}`, { retryAfterSeconds: 1 })));
  req.pipe(out);
}

export { META };
