// The deployment settings (SERVICES, SERVICE_URLS, SERVICE_AUTH_KEY) and the
// signature of calls between processes.
import { afterEach, describe, expect, it } from "vitest";
import { configureDeployment, isHosted } from "./deployment.ts";
import { callMeta, sign, verify } from "./svcauth.ts";

const dirs = ["/app/backend/auth", "/app/backend/finance", "/app/backend/reports"];

afterEach(() => configureDeployment(dirs, {}));

describe("configureDeployment", () => {
  it("hosts every service when SERVICES is unset", () => {
    const d = configureDeployment(dirs, {});
    expect(d.hosted).toBeNull();
    expect(isHosted("reports")).toBe(true);
  });

  it("hosts the listed services and knows where the others are", () => {
    const d = configureDeployment(dirs, { SERVICES: "auth, finance", SERVICE_URLS: "reports=http://10.0.0.2:4000/", SERVICE_AUTH_KEY: "k" });
    expect([...d.hosted!]).toEqual(["auth", "finance"]);
    expect(d.urls.get("reports")).toBe("http://10.0.0.2:4000");
    expect(isHosted("reports")).toBe(false);
  });

  it("refuses a split it cannot run, naming the mistake", () => {
    expect(() => configureDeployment(dirs, { SERVICES: "auth,billing" })).toThrow(/"billing", which is not a service/);
    expect(() => configureDeployment(dirs, { SERVICES: "auth" })).toThrow(/leaves out finance, reports but SERVICE_URLS gives no base URL/);
    expect(() => configureDeployment(dirs, { SERVICES: "auth,finance", SERVICE_URLS: "reports=10.0.0.2" })).toThrow(/not service=http/);
    expect(() => configureDeployment(dirs, { SERVICES: "auth,finance", SERVICE_URLS: "reports=http://r:4000" })).toThrow(/SERVICE_AUTH_KEY must be set/);
  });
});

describe("service-to-service signatures", () => {
  const headers = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

  it("verifies its own signature and carries the auth data", () => {
    const h = sign("key", callMeta("reports", "finance", { userID: "u1", name: "Zoë" }));
    const v = verify("key", headers(h));
    expect(v).toEqual({ ok: true, caller: "reports", authData: { userID: "u1", name: "Zoë" } });
  });

  it("refuses another key, altered auth data and an old date", () => {
    const h = sign("key", callMeta("reports", "finance", { userID: "u1" }));
    expect(verify("other", headers(h))).toEqual({ ok: false, reason: "signature mismatch" });
    const forged = { ...h, "x-encore-meta-authdata": Buffer.from(JSON.stringify({ userID: "admin" })).toString("base64url") };
    expect(verify("key", headers(forged))).toEqual({ ok: false, reason: "signature mismatch" });
    const old = sign("key", callMeta("reports", "finance", null), new Date(Date.now() - 5 * 60_000));
    expect(verify("key", headers(old))).toEqual({ ok: false, reason: "date skew" });
  });

  it("treats an unsigned request as coming from outside", () => {
    expect(verify("key", { authorization: "Bearer x" })).toEqual({ present: false });
  });
});
