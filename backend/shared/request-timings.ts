// Every service's typed endpoints are timed by the app itself, so the
// latency alert has figures under Encore's runtime as well as the standalone
// host (which also times HTTP at its edge). Raw endpoints are left out: the
// live stream and exports last as long as the client reads, which is not
// latency.
import { middleware } from "encore.dev/api";
import { recordRequest } from "./metrics.ts";

export const requestTimings = middleware({ target: { isRaw: false } }, async (req, next) => {
  const started = performance.now();
  const meta = req.requestMeta;
  const endpoint = meta?.type === "api-call" ? `${meta.api.service}.${meta.api.endpoint}` : "unknown";
  try {
    const resp = await next(req);
    recordRequest(endpoint, "ok", (performance.now() - started) / 1000);
    return resp;
  } catch (err) {
    const code = (err as { code?: unknown })?.code;
    recordRequest(endpoint, typeof code === "string" ? code : "error", (performance.now() - started) / 1000);
    throw err;
  }
});
