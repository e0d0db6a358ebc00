import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, api, parseApiError, setAuthFailureHandler } from "./api-client";
import { clearSession, getSession, setSessionFromTokens } from "./session";

const user = { id: "u1", orgId: "o1", email: "a@b.c", displayName: "A", role: "admin" as const };
const tokens = (n: number) => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresInSeconds: 900, user });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("api client", () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  let signInUrls: string[];

  beforeEach(() => {
    signInUrls = [];
    setAuthFailureHandler((url) => signInUrls.push(url));
    setSessionFromTokens(tokens(1));
    fetchMock = vi.fn();
    vi.stubGlobal("fetch", fetchMock);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    clearSession();
  });

  it("sends the bearer token and parses JSON", async () => {
    fetchMock.mockResolvedValueOnce(json(200, { ok: true }));
    await expect(api.get("/auth/me")).resolves.toEqual({ ok: true });
    const [, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect((init.headers as Record<string, string>).Authorization).toBe("Bearer access-1");
  });

  it("refreshes once for concurrent 401s, then retries each request with the new token", async () => {
    fetchMock.mockImplementation(async (url: string, init: RequestInit) => {
      if (url.endsWith("/auth/refresh")) {
        await new Promise((r) => setTimeout(r, 10));
        return json(200, tokens(2));
      }
      const auth = (init.headers as Record<string, string>).Authorization;
      return auth === "Bearer access-2" ? json(200, { url }) : json(401, { code: "unauthenticated", message: "expired", details: null });
    });
    const results = await Promise.all([api.get("/a"), api.get("/b"), api.get("/c")]);
    expect(results).toEqual([{ url: "/a" }, { url: "/b" }, { url: "/c" }]);
    const refreshCalls = fetchMock.mock.calls.filter(([url]) => String(url).endsWith("/auth/refresh"));
    expect(refreshCalls).toHaveLength(1);
    expect(JSON.parse(String((refreshCalls[0][1] as RequestInit).body))).toEqual({ refreshToken: "refresh-1" });
    expect(getSession()?.accessToken).toBe("access-2");
    expect(signInUrls).toEqual([]);
  });

  it("clears the session and asks to sign in when the refresh is refused", async () => {
    fetchMock.mockImplementation(async (url: string) =>
      url.endsWith("/auth/refresh") ? json(401, { code: "unauthenticated", message: "revoked", details: null }) : json(401, { code: "unauthenticated", message: "expired", details: null }),
    );
    await expect(api.get("/finance/transactions")).rejects.toBeInstanceOf(ApiError);
    expect(getSession()).toBeNull();
    expect(signInUrls).toHaveLength(1);
    expect(signInUrls[0]).toMatch(/^\/sign-in\?next=/);
  });

  it("exposes the field the server blamed", async () => {
    fetchMock.mockResolvedValueOnce(json(400, { code: "invalid_argument", message: "amount must be positive", details: { field: "amountCents" } }));
    const error = await api.post("/finance/revenues", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: "invalid_argument", message: "amount must be positive", field: "amountCents" });
  });

  it("tolerates non-JSON error bodies", () => {
    const e = parseApiError(502, "<html>Bad gateway</html>");
    expect(e.code).toBe("unknown");
    expect(e.field).toBeNull();
    expect(e.message).toMatch(/server/);
  });
});
