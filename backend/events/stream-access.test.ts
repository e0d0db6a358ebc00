// The open-stream access re-check is a security control, so its loop must
// run wherever the app runs (events/background.ts, loaded by the service):
// with the interval shortened, a deactivated user's open stream is closed
// without anyone calling the check.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser, startApp, twoTenants, type TestApp } from "../testing/fixtures.ts";
import { openStream } from "../testing/sse-client.ts";

vi.hoisted(() => { process.env.STREAM_REVALIDATE_MS = "250"; });

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => app?.stop());

describe("the live-stream access loop", () => {
  it("closes a deactivated user's stream on its own and leaves the others open", async () => {
    const { a, mumbai } = await twoTenants(app.call);
    const leaving = await createUser(app.call, a, "staff", [mumbai]);
    const staying = await createUser(app.call, a, "manager");
    const gone = await openStream(app.call, app.host.url, leaving);
    const kept = await openStream(app.call, app.host.url, staying);
    expect((await app.call("PATCH", `/users/${leaving.userId}`, { token: a.admin.token, body: { active: false } })).status).toBe(200);
    await gone.waitEnded(10_000);
    await new Promise((r) => setTimeout(r, 600)); // two more loop turns
    expect(kept.ended).toBe(false);
    kept.close();
  });
});
