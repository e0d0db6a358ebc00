// The Encore rules check: on small apps written to a temp dir (one violation of
// each rule; a clean app; one file per variant of a rule) and on this app.
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkEncoreRules, type RuleId, type Violation } from "./check.ts";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const tempRoots: string[] = [];
afterAll(() => { for (const root of tempRoots) rmSync(root, { recursive: true, force: true }); });

/** Writes an app to a fresh temp dir; node_modules links to this repo's, so encore.dev's types resolve. */
function writeApp(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "encore-rules-"));
  tempRoots.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  symlinkSync(join(repoRoot, "node_modules"), join(root, "node_modules"), "dir");
  return root;
}

const byRuleAndFile = (vs: Violation[]) => vs.map((v) => `${v.rule} ${v.file}`).sort();

/** A valid two-service app exercising every rule's allowed forms. */
const CLEAN: Record<string, string> = {
  "encore.app": `{ "id": "", "lang": "typescript" }\n`,
  "package.json": JSON.stringify({ name: "fixture", private: true, type: "module", dependencies: { "encore.dev": "^1.58.6" } }),
  "tsconfig.json": JSON.stringify({
    compilerOptions: {
      lib: ["ES2022", "ESNext.Disposable"], target: "ES2022", module: "ES2022", types: ["node"], strict: true,
      moduleResolution: "bundler", allowImportingTsExtensions: true, noEmit: true, skipLibCheck: true,
      paths: { "~encore/*": ["./encore.gen/*"] },
    },
  }),
  "database.ts": `import { SQLDatabase } from "encore.dev/storage/sqldb";
export const db = new SQLDatabase("app", { migrations: "./migrations" });
`,
  "migrations/1_init.up.sql": "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
  "backend/shared/format.ts": `export const upper = (s: string) => s.toUpperCase();\n`,
  "backend/standalone/clock.ts": `export interface Clock { now(): number }\nexport const now = () => Date.now();\n`,
  "backend/orders/encore.service.ts": `import { Service } from "encore.dev/service";\nexport default new Service("orders");\n`,
  "backend/orders/assets/404.html": "<h1>not found</h1>\n",
  "backend/orders/api.ts": `import { api, type Header } from "encore.dev/api";
import type { MinLen } from "encore.dev/validate";
import { db } from "../../database.ts";
import { upper } from "../shared/format.ts";

interface Ref { id: number }
export interface Order extends Ref { kind: "a" | "b"; note: string | null; tags: string[]; placedAt: Date }
interface GetRequest extends Ref { verbose?: boolean; trace?: Header<"X-Trace"> }

export const get = api({ expose: true, method: "GET", path: "/orders/:id" },
  async (req: GetRequest): Promise<Order> => ({ id: req.id, kind: "a", note: null, tags: [], placedAt: new Date() }));

export const rename = api({ expose: true, method: ["PATCH", "POST"], path: "/orders/:id/name/:name/:flag", bodyLimit: 1024 * 1024, tags: ["x"] },
  async (req: Ref & { name: string & MinLen<1>; flag: boolean }): Promise<void> => { await db.exec\`SELECT \${upper(req.name)}\`; });

async function bySlugHandler(p: { slug: string }) { return { ok: p.slug.length > 0 }; }
export const bySlug = api<{ slug: string }, { ok: boolean }>({ method: "GET", path: "/orders/by/*slug" }, bySlugHandler);

export const raw = api.raw({ expose: true, method: "GET", path: "/orders/raw/:any" }, (_req, resp) => { resp.end(); });

export const feed = api.streamOut<{ orderId: string }, Order>({ expose: true, path: "/orders/feed/:orderId" },
  async (_handshake, stream) => { await stream.close(); });

export const assets = api.static({ expose: true, path: "/orders/assets/*file", dir: "./assets", notFound: "./assets/404.html" });
`,
  "backend/orders/events.ts": `import { Topic } from "encore.dev/pubsub";
import { Counter, GaugeGroup } from "encore.dev/metrics";
import { secret } from "encore.dev/config";

export interface OrderPlaced { orderId: string }
export const orderPlaced = new Topic<OrderPlaced>("order-placed", { deliveryGuarantee: "at-least-once" });
export const placedTotal = new Counter("orders_placed_total");
const backlog = new GaugeGroup<{ queue: string }>("orders_backlog");
export { backlog };
const apiKey = secret("ApiKey");
export const keyLength = () => apiKey().length;
`,
  "backend/orders/jobs.ts": `import { api } from "encore.dev/api";
import { CronJob } from "encore.dev/cron";
export const sweep = api({}, async (): Promise<void> => {});
const _ = new CronJob("orders-sweep", { title: "Sweep", every: "1h", endpoint: sweep });
`,
  "backend/billing/encore.service.ts": `import { Service } from "encore.dev/service";\nexport default new Service("billing");\n`,
  "backend/billing/subscriber.ts": `import { Subscription } from "encore.dev/pubsub";
import { orderPlaced, OrderPlaced } from "../orders/events.ts";
import { type Order } from "../orders/api.ts";

export type Charged = Order;
const _ = new Subscription(orderPlaced, "billing-charge", {
  handler: async (m: OrderPlaced) => { void m.orderId; },
  maxConcurrency: 10 * 2,
  ackDeadline: "30s",
  retryPolicy: { minBackoff: "1s", maxRetries: 5 },
});
`,
};

describe("checkEncoreRules on fixture apps", () => {
  it("reports nothing for a valid app", () => {
    expect(checkEncoreRules(writeApp(CLEAN))).toEqual([]);
  });

  it("reports one violation of each rule, with its rule id", () => {
    const root = writeApp({
      ...CLEAN,
      // 1: an endpoint the generated entrypoint cannot import
      "backend/orders/hidden.ts": `import { api } from "encore.dev/api";
const hidden = api({ method: "GET", path: "/orders/hidden" }, async (): Promise<void> => {});
void hidden;
`,
      // 2: a literal union as a path parameter, through a named alias
      "backend/orders/by-kind.ts": `import { api } from "encore.dev/api";
type Kind = "a" | "b";
interface ByKind { kind: Kind }
export const byKind = api({ method: "GET", path: "/orders/kind/:kind" }, async (req: ByKind): Promise<void> => { void req; });
`,
      // 3: an array as the response
      "backend/orders/list.ts": `import { api } from "encore.dev/api";
import type { Order } from "./api.ts";
export const list = api({ method: "GET", path: "/orders" }, async (): Promise<Order[]> => []);
`,
      // 4: a metric that is not exported
      "backend/orders/metrics.ts": `import { Counter } from "encore.dev/metrics";
const failures = new Counter("orders_failures_total");
export const fail = () => failures.increment();
`,
      // 5: maxConcurrency from a constant
      "backend/billing/slow.ts": `import { Subscription } from "encore.dev/pubsub";
import { orderPlaced } from "../orders/events.ts";
const LIMIT = 5;
const _ = new Subscription(orderPlaced, "billing-slow", { handler: async () => {}, maxConcurrency: LIMIT });
`,
      // 6: a static dir that is not on disk
      "backend/orders/docs.ts": `import { api } from "encore.dev/api";
export const docs = api.static({ path: "/orders/docs/*file", dir: "./docs-build" });
`,
      // 7: calling another service's endpoint function directly
      "backend/billing/charge.ts": `import { get } from "../orders/api.ts";
export const charge = () => get({ id: 1 });
`,
      // 8: the standalone host from service code
      "backend/billing/clock.ts": `import { now } from "../standalone/clock.ts";
export const stamp = () => now();
`,
    });
    const violations = checkEncoreRules(root);
    expect(byRuleAndFile(violations)).toEqual([
      "cross-service-import backend/billing/charge.ts",
      "endpoint backend/orders/hidden.ts",
      "framework-import backend/billing/clock.ts",
      "max-concurrency backend/billing/slow.ts",
      "path-param backend/orders/by-kind.ts",
      "resource backend/orders/metrics.ts",
      "schema backend/orders/list.ts",
      "static-dir backend/orders/docs.ts",
    ]);
    const lineOf = (rule: RuleId) => violations.find((v) => v.rule === rule)?.line;
    expect(lineOf("endpoint")).toBe(2);
    expect(lineOf("path-param")).toBe(4);
    expect(lineOf("resource")).toBe(2);
    expect(lineOf("max-concurrency")).toBe(4);
    expect(violations.find((v) => v.rule === "path-param")?.message).toMatch(/"kind" has type `Kind`/);
  });

  it("reports each variant of a rule once", () => {
    const endpoint = (name: string, options: string, handler = "async (): Promise<void> => {}") =>
      `import { api } from "encore.dev/api";\nexport const ${name} = api(${options}, ${handler});\n`;
    const variants: Record<string, [RuleId, string]> = {
      "backend/orders/e-spread.ts": ["endpoint", `import { api } from "encore.dev/api";
const common = { expose: true } as const;
export const e1 = api({ ...common, method: "GET", path: "/v/e1" }, async (): Promise<void> => {});
`],
      "backend/orders/e-shorthand.ts": ["endpoint", `import { api } from "encore.dev/api";
const path = "/v/e2";
export const e2 = api({ method: "GET", path }, async (): Promise<void> => {});
`],
      "backend/orders/e-identifier.ts": ["endpoint", `import { api } from "encore.dev/api";
const EXPOSE = true;
export const e3 = api({ expose: EXPOSE, method: "GET", path: "/v/e3" }, async (): Promise<void> => {});
`],
      "backend/orders/e-in-function.ts": ["endpoint", `import { api } from "encore.dev/api";
export function make() { return api({ method: "GET", path: "/v/e4" }, async (): Promise<void> => {}); }
`],
      "backend/orders/e-namespace.ts": ["endpoint", `import * as encore from "encore.dev/api";
export const e5 = encore.api({ method: "GET", path: "/v/e5" }, async (): Promise<void> => {});
`],
      "backend/orders/p-missing.ts": ["path-param", endpoint("p1", `{ method: "GET", path: "/v/p1/:id" }`, "async (req: { other: string }): Promise<void> => { void req; }")],
      "backend/orders/p-no-request.ts": ["path-param", endpoint("p2", `{ method: "GET", path: "/v/p2/:id" }`)],
      "backend/orders/p-enum.ts": ["path-param", `import { api } from "encore.dev/api";
enum Color { Red = "red", Blue = "blue" }
export const p3 = api({ method: "GET", path: "/v/p3/:color" }, async (req: { color: Color }): Promise<void> => { void req; });
`],
      "backend/orders/s-record.ts": ["schema", endpoint("s1", `{ method: "DELETE", path: "/v/s1" }`, "async (): Promise<Record<string, never>> => ({})")],
      "backend/orders/s-zod.ts": ["schema", `import { api } from "encore.dev/api";
import { z } from "zod";
const schema = z.object({ a: z.string() });
type Req = z.infer<typeof schema>;
export const s2 = api({ method: "POST", path: "/v/s2" }, async (req: Req): Promise<void> => { void req; });
`],
      "backend/orders/s-union.ts": ["schema", endpoint("s3", `{ method: "POST", path: "/v/s3" }`, "async (req: { a: string } | { b: string }): Promise<void> => { void req; }")],
      "backend/orders/s-primitive.ts": ["schema", endpoint("s4", `{ method: "GET", path: "/v/s4" }`, `async (): Promise<string> => "x"`)],
      "backend/orders/s-index.ts": ["schema", `import { api } from "encore.dev/api";
interface Bag { [key: string]: string }
export const s5 = api({ method: "POST", path: "/v/s5" }, async (req: Bag): Promise<void> => { void req; });
`],
      "backend/orders/r-namespace.ts": ["resource", `import * as pubsub from "encore.dev/pubsub";
export const t1 = new pubsub.Topic<{ a: string }>("v-namespace", { deliveryGuarantee: "at-least-once" });
`],
      "backend/orders/r-name-const.ts": ["resource", `import { Topic } from "encore.dev/pubsub";
const NAME = "v-const";
export const t2 = new Topic<{ a: string }>(NAME, { deliveryGuarantee: "at-least-once" });
`],
      "backend/orders/r-config-identifier.ts": ["resource", `import { Topic } from "encore.dev/pubsub";
const G = "at-least-once" as const;
export const t3 = new Topic<{ a: string }>("v-ident", { deliveryGuarantee: G });
`],
      "backend/orders/r-in-function.ts": ["resource", `import { CacheCluster } from "encore.dev/storage/cache";
export function cluster() { return new CacheCluster("v-cache", { evictionPolicy: "allkeys-lru" }); }
`],
      "backend/orders/r-secret-in-function.ts": ["resource", `import { secret } from "encore.dev/config";
export function key() { return secret("Key")(); }
`],
      "backend/orders/r-metric-name.ts": ["resource", `import { Counter } from "encore.dev/metrics";
export const m1 = new Counter("Bad-Name");
`],
      // Re-exporting a topic is fine; importing it through the re-export is not.
      "backend/billing/r-via-reexport.ts": ["resource", `import { orderPlaced } from "../orders/reexport.ts";
export const publish = () => orderPlaced.publish({ orderId: "1" });
`],
      "backend/billing/m-negative.ts": ["max-concurrency", `import { Subscription } from "encore.dev/pubsub";
import { orderPlaced } from "../orders/events.ts";
const _ = new Subscription(orderPlaced, "billing-unlimited", { handler: async () => {}, maxConcurrency: -1 });
`],
      "backend/orders/st-not-found.ts": ["static-dir", `import { api } from "encore.dev/api";
export const st1 = api.static({ path: "/v/st1/*f", dir: "./assets", notFound: "./assets/missing.html" });
`],
      "backend/orders/st-parent.ts": ["static-dir", `import { api } from "encore.dev/api";
export const st2 = api.static({ path: "/v/st2/*f", dir: "../shared" });
`],
      "backend/billing/x-namespace.ts": ["cross-service-import", `import * as orders from "../orders/api.ts";\nexport const o = orders;\n`],
      "backend/billing/x-export-from.ts": ["cross-service-import", `export { get } from "../orders/api.ts";\n`],
      "backend/billing/x-side-effect.ts": ["cross-service-import", `import "../orders/jobs.ts";\n`],
      "backend/billing/x-dynamic.ts": ["cross-service-import", `export const load = () => import("../orders/jobs.ts");\n`],
      "backend/billing/f-type-only.ts": ["framework-import", `import type { Clock } from "../standalone/clock.ts";\nexport type C = Clock;\n`],
    };
    const root = writeApp({
      ...CLEAN,
      "backend/orders/reexport.ts": `export { orderPlaced } from "./events.ts";\n`,
      ...Object.fromEntries(Object.entries(variants).map(([file, [, text]]) => [file, text])),
    });
    expect(byRuleAndFile(checkEncoreRules(root))).toEqual(Object.entries(variants).map(([f, [rule]]) => `${rule} ${f}`).sort());
  });
});

describe("checkEncoreRules on this app", () => {
  it("finds no violation", () => {
    const violations = checkEncoreRules(repoRoot);
    expect(violations.map((v) => `${v.file}:${v.line} [${v.rule}] ${v.message}`)).toEqual([]);
  });
});
