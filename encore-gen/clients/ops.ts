// Stand-in for the CLI-generated client of the ops service (see ../clients.ts).
// A hosted service is imported only when first called, so a process that does not
// host it never loads its code; otherwise the call goes through the runtime.
import { client } from "./hosted.ts";
import type * as m0 from "../../backend/ops/api.ts";
import type * as m1 from "../../backend/ops/instances.ts";

export const health = client<typeof m0.health>("ops", "health", () => import("../../backend/ops/api.ts"));
export const status = client<typeof m0.status>("ops", "status", () => import("../../backend/ops/api.ts"));
export const recordInstanceHeartbeat = client<typeof m1.recordInstanceHeartbeat>("ops", "recordInstanceHeartbeat", () => import("../../backend/ops/instances.ts"));
export type * from "../../backend/ops/api.ts";
export type * from "../../backend/ops/instances.ts";
