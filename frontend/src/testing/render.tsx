// Rendering for component tests (files marked `// @vitest-environment jsdom`):
// a fresh query client per test, and the API answered by `respond` through a
// stubbed fetch, the network edge of the dashboard (lib/api-client.ts).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { afterEach, vi } from "vitest";
import { clearSession, setSessionFromTokens } from "@/lib/session";
import { aUser } from "./factories";

export interface ApiCall {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

/** Answers one API call: a body (sent as 200 JSON), a Response, or a promise of either (to hold a request open). */
export type Respond = (call: ApiCall) => unknown;

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** A promise settled from outside: keeps a request in flight until the test lets it go. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export function renderWithApi(ui: ReactElement, respond: Respond) {
  const calls: ApiCall[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit = {}) => {
    const call: ApiCall = {
      method: init.method ?? "GET",
      path: new URL(url, "http://localhost").pathname,
      body: typeof init.body === "string" ? JSON.parse(init.body) : null,
      headers: (init.headers ?? {}) as Record<string, string>,
    };
    calls.push(call);
    const answer = await respond(call);
    return answer instanceof Response ? answer : json(200, answer);
  });
  setSessionFromTokens({ accessToken: "access", refreshToken: "refresh", expiresInSeconds: 900, user: aUser() });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const user = userEvent.setup();
  const view = render(<QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>);
  return { ...view, user, calls };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  clearSession();
});
