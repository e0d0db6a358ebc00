// The host loads what Encore's entrypoint loads: files declaring endpoints,
// subscriptions, the service, metrics, cron jobs or the auth handler.
import { describe, expect, it } from "vitest";
import { declaresEncoreResource } from "./entrypoints.ts";

describe("which files Encore loads", () => {
  it.each([
    [`import { api } from "encore.dev/api";\nexport const x = api({ expose: true }, async () => {});`],
    [`import { api } from "encore.dev/api";\nexport const r = api.raw({ path: "/r" }, (q, s) => s.end());`],
    [`import { api as endpoint } from "encore.dev/api";\nexport const x = endpoint<{ a: string }, void>({}, async () => {});`],
    [`import { Subscription } from "encore.dev/pubsub";\nexport const s = new Subscription(t, "s", { handler });`],
    [`import { CronJob } from "encore.dev/cron";\nconst _ = new CronJob("j", { every: "1h", endpoint: e });`],
    [`import { GaugeGroup } from "encore.dev/metrics";\nexport const g = new GaugeGroup<L>("g");`],
    [`import { authHandler } from "encore.dev/auth";\nexport const h = authHandler(async () => null);`],
    [`import { Service } from "encore.dev/service";\nexport default new Service("s");`],
  ])("loads %#", (src) => expect(declaresEncoreResource(src)).toBe(true));

  it.each([
    [`import { Counter } from "prom-client";\nconst c = new Counter({ name: "x", help: "x" });`],
    [`import { APIError } from "encore.dev/api";\nexport function f() { throw APIError.notFound("x"); }`],
    [`import type { api } from "encore.dev/api";\n// api({}) in a comment\nconst s = "api(";`],
    [`import { Topic } from "encore.dev/pubsub";\nexport const t = new Topic("t", { deliveryGuarantee: "at-least-once" });`],
    [`import { every } from "../shared/lifecycle.ts";\nevery("loop", 1000, async () => {});`],
  ])("does not load %#", (src) => expect(declaresEncoreResource(src)).toBe(false));
});
