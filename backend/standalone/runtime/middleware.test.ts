// Service middlewares on the standalone host, as Encore runs them: in order,
// around every endpoint in the service's directory, filtered by target, and
// a handler's throw passes back through them (which is how the app turns
// database failures into 503/409 under both runtimes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, APIError, middleware } from "encore.dev/api";
import { Service } from "encore.dev/service";
import type { RunningHost } from "./host.ts";
import { nameEndpoints } from "./registry.ts";
import { jsonClient, startTestHost } from "../testing/http-client.ts";

const seen: string[] = [];

const outer = middleware(async (req, next) => {
  seen.push("outer:before");
  try {
    const resp = await next(req);
    resp.header.set("x-outer", "1");
    seen.push("outer:after");
    return resp;
  } catch (err) {
    seen.push("outer:caught");
    if ((err as { code?: string }).code === "40P01") throw APIError.aborted("translated by the middleware");
    throw err;
  }
});
const onlyAuthed = middleware({ target: { auth: true } }, async (req, next) => {
  seen.push("authed");
  return next(req);
});
const metas: unknown[] = [];
const statusSetter = middleware(async (req, next) => {
  seen.push("inner");
  metas.push(req.requestMeta);
  const resp = await next(req);
  if (resp.payload?.created) resp.status = 201;
  return resp;
});

// This file's directory is the "service": its endpoints below get the chain.
const _service = new Service("middleware-test", { middlewares: [outer, onlyAuthed, statusSetter] });

export const hello = api({ expose: true, method: "GET", path: "/test/mw/hello" }, async (): Promise<{ created: boolean }> => {
  seen.push("handler");
  return { created: true };
});
export const broken = api({ expose: true, method: "POST", path: "/test/mw/broken" }, async (): Promise<void> => {
  throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
});
export const raw = api.raw({ expose: true, method: "GET", path: "/test/mw/raw" }, async (_req, res) => {
  seen.push("raw");
  res.writeHead(200, { "content-type": "text/plain" }).end("raw ok");
});

let host: RunningHost;
let call: ReturnType<typeof jsonClient>;
beforeAll(async () => {
  ({ host, call } = await startTestHost());
  // The host names what an app's entrypoint files export as it loads them; this file is not one of those.
  nameEndpoints({ hello, broken, raw });
});
afterAll(async () => host?.stop());

describe("service middlewares", () => {
  it("run in order around the handler, skip what their target excludes, and set headers and status", async () => {
    seen.length = 0;
    const r = await call("GET", "/test/mw/hello");
    expect(r.status).toBe(201);
    expect(r.headers.get("x-outer")).toBe("1");
    expect(seen).toEqual(["outer:before", "inner", "handler", "outer:after"]);
  });

  it("see the request's metadata as Encore gives it: which service and endpoint, the path and its parameters", async () => {
    metas.length = 0;
    await call("GET", "/test/mw/hello?x=1");
    expect(metas[0]).toMatchObject({
      type: "api-call", method: "GET", path: "/test/mw/hello", pathAndQuery: "/test/mw/hello?x=1",
      api: { service: "middleware-test", endpoint: "hello", raw: false, auth: false, tags: [] },
    });
  });

  it("see the handler's error and may translate it", async () => {
    seen.length = 0;
    const r = await call("POST", "/test/mw/broken");
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: "aborted", message: "translated by the middleware" });
    expect(seen).toEqual(["outer:before", "inner", "outer:caught"]);
  });

  it("wrap raw endpoints too", async () => {
    seen.length = 0;
    const r = await call("GET", "/test/mw/raw");
    expect(r.body).toBe("raw ok");
    expect(seen).toEqual(["outer:before", "inner", "raw", "outer:after"]);
  });
});
