// A small JSON client for endpoint tests against a running host, and the host those tests start.
import { startHost, type RunningHost } from "../runtime/host.ts";
export interface JsonResponse<T = any> { status: number; body: T; headers: Headers }

export function jsonClient(baseUrl: string) {
  return async function call<T = any>(
    method: string,
    path: string,
    opts: { body?: unknown; token?: string; headers?: Record<string, string>; rawBody?: string } = {},
  ): Promise<JsonResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.body);
    }
    const res = await fetch(baseUrl + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (CSV, HTML): keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
}

/** A host on a free loopback port and a client for it: the setup every host test shares. */
export async function startTestHost(): Promise<{ host: RunningHost; call: ReturnType<typeof jsonClient> }> {
  const host = await startHost({ port: 0, host: "127.0.0.1" });
  return { host, call: jsonClient(host.url) };
}
