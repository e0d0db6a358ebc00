// The one HTTP client of the dashboard: JSON in and out, bearer token, a single-flight
// refresh on 401 with one retry, and errors parsed from Encore's wire format.
import { config } from "@/config/env";
import { apiPaths } from "@/config/api-paths";
import { signInWithNext } from "@/config/paths";
import type { Tokens } from "./api-types";
import { clearSession, getSession, setSessionFromTokens, subscribeSession } from "./session";

/** A failed API call: `{code, message, details}` from the server, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** The request field the server blamed (`details.field`), so a form can show the message beside it. */
  readonly field: string | null;

  constructor(status: number, code: string, message: string, details: unknown = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    const field = details && typeof details === "object" ? (details as { field?: unknown }).field : undefined;
    this.field = typeof field === "string" ? field : null;
  }
}

/** Parses an error response body; tolerant of proxies that answer with HTML or nothing. */
export function parseApiError(status: number, bodyText: string): ApiError {
  try {
    const body = JSON.parse(bodyText) as { code?: unknown; message?: unknown; details?: unknown };
    if (body && typeof body === "object" && typeof body.code === "string") {
      return new ApiError(status, body.code, typeof body.message === "string" ? body.message : body.code, body.details ?? null);
    }
  } catch {
    // not JSON: fall through
  }
  return new ApiError(status, status === 404 ? "not_found" : "unknown", defaultMessage(status));
}

function defaultMessage(status: number): string {
  if (status === 401) return "Your session has ended. Please sign in again.";
  if (status === 403) return "You do not have permission to do this.";
  if (status === 404) return "Not found.";
  if (status === 429) return "Too many requests. Please wait a moment and try again.";
  if (status >= 500) return "The server had a problem. Please try again.";
  return `Request failed (HTTP ${status}).`;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Send the bearer token and handle 401 (default true). */
  auth?: boolean;
  responseType?: "json" | "blob" | "text";
}

/** Builds `path?query` skipping empty values; relative to the configured API origin. */
export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `${config.apiBaseUrl}${path}${qs ? `?${qs}` : ""}`;
}

type AuthFailureHandler = (signInUrl: string) => void;
let onAuthFailure: AuthFailureHandler = (url) => window.location.assign(url);

/** Lets the router navigate (without a full reload) when the session cannot be renewed. */
export function setAuthFailureHandler(handler: AuthFailureHandler): void {
  onAuthFailure = handler;
}

function currentPath(): string {
  if (typeof window === "undefined") return "/";
  const { pathname, search } = window.location;
  return pathname.startsWith("/sign-") ? "/" : `${pathname}${search}`;
}

/** Clears the session and sends the user to sign in, coming back here afterwards. */
export function handleAuthFailure(): void {
  const hadSession = getSession() !== null;
  clearSession();
  const onSignInPage = typeof window !== "undefined" && window.location.pathname.startsWith("/sign-");
  if (hadSession || !onSignInPage) onAuthFailure(signInWithNext(currentPath()));
}

let refreshInFlight: Promise<boolean> | null = null;

/**
 * Renews the tokens. Single-flight: concurrent 401s share one refresh, because the server
 * rotates refresh tokens and treats reuse of an old one as theft (revoking the family).
 * Resolves false when the server refuses the refresh token; throws on network failure.
 */
export function refreshTokens(): Promise<boolean> {
  refreshInFlight ??= doRefresh().finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

async function doRefresh(): Promise<boolean> {
  const session = getSession();
  if (!session) return false;
  let res: Response;
  try {
    res = await fetch(buildUrl(apiPaths.auth.refresh), {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
  } catch {
    throw new ApiError(0, "network", "Cannot reach the server. Check your connection.");
  }
  if (!res.ok) {
    if (res.status >= 500 || res.status === 429) throw parseApiError(res.status, await res.text());
    return false;
  }
  setSessionFromTokens((await res.json()) as Tokens);
  return true;
}

async function send(path: string, options: RequestOptions, accessToken: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  try {
    return await fetch(buildUrl(path, options.query), { method: options.method ?? "GET", headers, body, signal: options.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, "network", "Cannot reach the server. Check your connection.");
  }
}

/** Performs one API call; resolves with the parsed body or rejects with an ApiError. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const useAuth = options.auth ?? true;
  const tokenUsed = useAuth ? (getSession()?.accessToken ?? null) : null;
  let res = await send(path, options, tokenUsed);

  if (res.status === 401 && useAuth) {
    // Another request may already have rotated the token; then just retry with the new one.
    const latest = getSession()?.accessToken ?? null;
    let renewed = latest !== null && latest !== tokenUsed;
    if (!renewed) renewed = await refreshTokens();
    if (!renewed) {
      handleAuthFailure();
      throw parseApiError(401, await res.text());
    }
    res = await send(path, options, getSession()?.accessToken ?? null);
    if (res.status === 401) {
      handleAuthFailure();
      throw parseApiError(401, await res.text());
    }
  }

  if (!res.ok) throw parseApiError(res.status, await res.text());
  if (options.responseType === "blob") return (await res.blob()) as T;
  const text = await res.text();
  if (options.responseType === "text") return text as T;
  return (text ? JSON.parse(text) : {}) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    apiRequest<T>(path, { method: "POST", body: body ?? {}, headers }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: "PATCH", body }),
  delete: <T>(path: string) => apiRequest<T>(path, { method: "DELETE" }),
};

let refreshTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Keeps the access token fresh in the background: renews it `refreshLeewayMs` before expiry,
 * so users rarely hit a 401 at all. Returns a stop function.
 */
export function startBackgroundRefresh(): () => void {
  const schedule = () => {
    clearTimeout(refreshTimer);
    const session = getSession();
    if (!session) return;
    const delayMs = Math.max(1_000, session.expiresAtMs - Date.now() - config.refreshLeewayMs);
    refreshTimer = setTimeout(() => {
      refreshTokens()
        .then((ok) => {
          if (!ok) handleAuthFailure();
        })
        // Network trouble: try again shortly; a real 401 later still triggers the normal path.
        .catch(() => {
          refreshTimer = setTimeout(schedule, 15_000);
        });
    }, Math.min(delayMs, 2_147_000_000));
  };
  schedule();
  const unsubscribe = subscribeSession(schedule);
  return () => {
    unsubscribe();
    clearTimeout(refreshTimer);
  };
}
