// Whether a service runs in this process: SERVICES lists the hosted ones,
// unset means all (the standalone host reads the same variable,
// backend/standalone/runtime/deployment.ts; under Encore the generated
// client asks the runtime instead).
import { apiCall } from "encore.dev/internal/codegen/api";

export function hosted(service: string): boolean {
  const list = (process.env.SERVICES ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return list.length === 0 || list.includes(service);
}

/** One endpoint of a service: its function when the service is hosted here, else a call through the runtime. */
export function client<F>(service: string, name: string, load: () => Promise<Record<string, unknown>>): F {
  return (async (params?: unknown) => hosted(service)
    ? ((await load())[name] as (p?: unknown) => unknown)(params)
    : apiCall(service, name, params)) as F;
}
