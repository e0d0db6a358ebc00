// Standalone `encore.dev` root: currentRequest() and appMeta().
import { requestContext } from "../runtime/context.ts";

export function currentRequest() {
  const ctx = requestContext.getStore();
  if (!ctx) return undefined;
  if (ctx.type === "api-call") {
    const { authData: _a, remoteAddress: _r, ...meta } = ctx;
    return meta;
  }
  return ctx;
}

export function appMeta() {
  return {
    appId: "hospitality-finance",
    apiBaseUrl: process.env.API_BASE_URL ?? `http://localhost:${process.env.PORT ?? 4000}`,
    environment: { name: "standalone", type: process.env.NODE_ENV === "test" ? "test" : "development", cloud: "local" },
  };
}
