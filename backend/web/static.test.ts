// The dashboard's static files: index.html at "/", the committed fallback page
// for client-side routes, and both files present without a build.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startApp, type TestApp } from "../testing/fixtures.ts";

const siteDir = fileURLToPath(new URL("./site/", import.meta.url));
let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => app?.stop());

describe("dashboard files", () => {
  it("keeps the directory and the not-found page in git, so Encore's parser finds them on a fresh clone", () => {
    expect(existsSync(siteDir + ".gitignore")).toBe(true);
    expect(readFileSync(siteDir + ".gitignore", "utf8")).toContain("!spa-fallback.html");
    expect(existsSync(siteDir + "spa-fallback.html")).toBe(true);
  });

  it("answers a dashboard route with the fallback page, which hands the route to /", async () => {
    const res = await fetch(`${app.host.url}/transactions?status=pending`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`location.replace("/?route=" + encodeURIComponent(location.pathname + location.search + location.hash))`);
  });

  it("serves the built index.html at / when there is a build, and the fallback (saying so) when there is none", async () => {
    const html = await (await fetch(`${app.host.url}/`)).text();
    if (existsSync(siteDir + "index.html")) expect(html).toBe(readFileSync(siteDir + "index.html", "utf8"));
    else expect(html).toContain("The dashboard is not built yet");
  });
});
