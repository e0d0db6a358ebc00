// Standalone `encore.dev/internal/codegen/api`: what the CLI-generated
// `~encore/clients` calls. A call to a service hosted in this process is a
// function call in the caller's request context (getAuthData() carries
// over), as Encore's runtime short-cuts it; a call to a service hosted
// elsewhere (runtime/deployment.ts) goes over HTTP, signed, with the
// caller's auth data (runtime/remote.ts).
import { registry } from "../../../runtime/registry.ts";
import { requestContext } from "../../../runtime/context.ts";
import { serviceOf } from "../../../runtime/middleware.ts";
import { isHosted } from "../../../runtime/deployment.ts";
import { callRemote, RemoteCallError } from "../../../runtime/remote.ts";
import { APIError } from "../../api.ts";

export interface CallOpts {}

export async function apiCall(service: string, endpoint: string, data: any, _opts?: CallOpts): Promise<any> {
  if (isHosted(service)) {
    const e = registry.endpoints.find((x) => x.kind === "typed" && x.name === endpoint && serviceOf(x)?.name === service);
    if (!e || e.kind !== "typed") throw APIError.notFound(`service ${service} has no endpoint ${endpoint} declared with api()`);
    return e.handler(data ?? {});
  }
  const ctx = requestContext.getStore();
  const authData = ctx?.type === "api-call" ? ctx.authData : null;
  const caller = ctx?.type === "pubsub-message" ? ctx.subscription : "host";
  try {
    return await callRemote(caller, service, endpoint, data ?? {}, authData);
  } catch (err) {
    if (err instanceof RemoteCallError) throw new APIError(err.code, err.message, undefined, err.details as Record<string, unknown> | undefined);
    throw err;
  }
}
