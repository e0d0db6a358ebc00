// The open-stream access re-check is a security control, so its loop must
// run wherever the app runs (events/background.ts, loaded by the service):
// with the interval shortened, a deactivated user's open stream is closed
// without anyone calling the check.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser, startApp, twoTenants, type Session, type TestApp } from "../testing/fixtures.ts";

vi.hoisted(() => { process.env.STREAM_REVALIDATE_MS = "250"; });

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => app?.stop());

/** Opens a stream and resolves once the server has ended it. */
async function openStream(session: Session): Promise<{ ended: Promise<void>; abort(): void }> {
  const t = await app.call("POST", "/events/stream-ticket", { token: session.token });
  expect(t.status).toBe(200);
  const ctrl = new AbortController();
  const res = await fetch(`${app.host.url}/events/stream?ticket=${encodeURIComponent(t.body.ticket)}`, { signal: ctrl.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const ended = (async () => { for (;;) { const { done } = await reader.read(); if (done) return; } })().catch(() => {});
  return { ended, abort: () => ctrl.abort() };
}

describe("the live-stream access loop", () => {
  it("closes a deactivated user's stream on its own and leaves the others open", async () => {
    const { a, mumbai } = await twoTenants(app.call);
    const leaving = await createUser(app.call, a, "staff", [mumbai]);
    const staying = await createUser(app.call, a, "manager");
    const gone = await openStream(leaving);
    const kept = await openStream(staying);
    let keptEnded = false;
    void kept.ended.then(() => { keptEnded = true; });
    expect((await app.call("PATCH", `/users/${leaving.userId}`, { token: a.admin.token, body: { active: false } })).status).toBe(200);
    await Promise.race([gone.ended, new Promise((_, reject) => setTimeout(() => reject(new Error("the loop did not close the stream")), 10_000))]);
    await new Promise((r) => setTimeout(r, 600)); // two more loop turns
    expect(keptEnded).toBe(false);
    kept.abort();
  });
});
