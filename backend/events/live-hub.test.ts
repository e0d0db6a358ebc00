// The hub's bookkeeping without sockets: filtering, de-duplication by seq,
// the replay queue bound, the buffer bound and the heartbeat.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ServerResponse } from "node:http";
import { HEARTBEAT_MS, LiveHub, MAX_BUFFERED_BYTES, MAX_PENDING_MESSAGES, type Viewer } from "./live-hub.ts";

/** The part of a ServerResponse the hub uses; `buffered` stands for bytes the client has not read. */
function fakeResponse() {
  const res = {
    frames: [] as string[],
    buffered: 0,
    ended: false,
    destroyed: false,
    get writableLength() { return res.buffered; },
    write(s: string) { res.frames.push(s); return true; },
    end() { res.ended = true; },
    destroy() { res.destroyed = true; },
  };
  return res;
}

const manager: Viewer = { orgId: "1", userId: "10", role: "manager", propertyIds: ["100"] };
const staff: Viewer = { orgId: "1", userId: "11", role: "staff", propertyIds: ["100"] };

afterEach(() => vi.useRealTimers());

describe("live hub", () => {
  it("sends staff only their properties and managers all, never another organisation", () => {
    const hub = new LiveHub();
    const [m, s, o] = [fakeResponse(), fakeResponse(), fakeResponse()];
    for (const [v, r] of [[manager, m], [staff, s], [{ ...manager, orgId: "2" }, o]] as const) hub.add(v, r as unknown as ServerResponse).goLive();
    hub.publishFinance("1", "100", 1, { p: 100 });
    hub.publishFinance("1", "200", 2, { p: 200 });
    hub.publishCashbook({ orgId: "1", propertyId: "200", dates: [], eventIds: [], updatedAt: "" });
    expect(m.frames).toHaveLength(3);
    expect(s.frames).toEqual([`id: 1\nevent: finance\ndata: {"p":100}\n\n`]);
    expect(o.frames).toEqual([]);
    hub.closeAll();
  });

  it("queues live messages while replaying and drops those the replay already sent", () => {
    const hub = new LiveHub();
    const r = fakeResponse();
    const c = hub.add(manager, r as unknown as ServerResponse);
    hub.publishFinance("1", "100", 5, { n: 5 });
    hub.publishFinance("1", "100", 6, { n: 6 });
    expect(r.frames).toEqual([]);
    c.writeFinance(5, "replayed-5");
    c.goLive();
    expect(r.frames).toEqual(["replayed-5", `id: 6\nevent: finance\ndata: {"n":6}\n\n`]);
    hub.publishFinance("1", "100", 6, { n: 6 });
    expect(r.frames).toHaveLength(2);
    hub.closeAll();
  });

  it("disconnects a connection whose replay queue overflows", () => {
    const hub = new LiveHub();
    const r = fakeResponse();
    const c = hub.add(manager, r as unknown as ServerResponse);
    for (let i = 1; i <= MAX_PENDING_MESSAGES + 1; i++) hub.publishFinance("1", "100", i, {});
    expect(c.closed).toBe(true);
    expect(c.closeReason).toBe("replay_backlog");
    expect(r.destroyed).toBe(true);
    expect(hub.connections("1")).toBe(0);
  });

  it("disconnects a client whose unread bytes would pass the bound, and frees it", () => {
    const hub = new LiveHub();
    const r = fakeResponse();
    const c = hub.add(manager, r as unknown as ServerResponse);
    c.goLive();
    r.buffered = MAX_BUFFERED_BYTES - 10;
    hub.publishFinance("1", "100", 1, { big: "x".repeat(100) });
    expect(c.closeReason).toBe("slow_client");
    expect(r.frames).toEqual([]);
    expect(hub.has(c)).toBe(false);
  });

  it("writes a heartbeat comment every 15 seconds while connections are open", () => {
    vi.useFakeTimers();
    const hub = new LiveHub();
    const r = fakeResponse();
    const c = hub.add(manager, r as unknown as ServerResponse);
    c.goLive();
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(r.frames).toEqual([": heartbeat\n\n"]);
    c.close("done");
    expect(r.ended).toBe(true);
    vi.advanceTimersByTime(HEARTBEAT_MS * 3);
    expect(r.frames).toHaveLength(1);
  });
});
