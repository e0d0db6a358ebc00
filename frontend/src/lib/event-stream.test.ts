import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connectLiveUpdates, type LiveStatus } from "./event-stream";
import { clearSession, setSessionFromTokens } from "./session";
import { aUser } from "@/testing/factories";

/** Minimal EventSource stand-in that records instances so a test can drive them. */
class FakeEventSource {
  static instances: FakeEventSource[] = [];
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((ev: MessageEvent) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, fn: (ev: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: unknown, lastEventId = "") {
    for (const fn of this.listeners.get(type) ?? []) fn({ data: JSON.stringify(data), lastEventId } as MessageEvent);
  }
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("live updates", () => {
  let fetchMock: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.instances = [];
    vi.stubGlobal("EventSource", FakeEventSource);
    fetchMock = vi.fn();
    vi.stubGlobal("fetch", fetchMock);
    setSessionFromTokens({ accessToken: "a", refreshToken: "r", expiresInSeconds: 900, user: aUser() });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    clearSession();
  });

  it("streams with a ticket, dispatches events and reconnects with a fresh ticket and the last event id", async () => {
    let n = 0;
    fetchMock.mockImplementation(async () => json(200, { ticket: `t${++n}` }));
    const finance = vi.fn();
    const cashbook = vi.fn();
    const statuses: LiveStatus[] = [];
    const stop = connectLiveUpdates({ onFinance: finance, onCashbook: cashbook, onResync: vi.fn(), onStatus: (s) => statuses.push(s) });
    await vi.waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    const first = FakeEventSource.instances[0];
    expect(first.url).toBe("/events/stream?ticket=t1");
    first.onopen?.();
    first.emit("finance", { eventId: "e7", type: "revenue.created", orgId: "o", propertyId: "p1" }, "e7");
    first.emit("cashbook", { propertyId: "p1", dates: ["2026-11-25"] });
    expect(finance).toHaveBeenCalledWith(expect.objectContaining({ propertyId: "p1" }));
    expect(cashbook).toHaveBeenCalledWith({ propertyId: "p1", dates: ["2026-11-25"] });

    first.onerror?.();
    expect(first.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(() => expect(FakeEventSource.instances).toHaveLength(2));
    expect(FakeEventSource.instances[1].url).toBe("/events/stream?ticket=t2&lastEventId=e7");
    expect(statuses).toEqual(["connecting", "live", "polling"]);
    stop();
    expect(FakeEventSource.instances[1].closed).toBe(true);
  });

  it("falls back to polling every 15 s when the ticket endpoint fails", async () => {
    fetchMock.mockImplementation(async () => json(404, { code: "not_found", message: "no stream", details: null }));
    const resync = vi.fn();
    const statuses: LiveStatus[] = [];
    const stop = connectLiveUpdates({ onFinance: vi.fn(), onCashbook: vi.fn(), onResync: resync, onStatus: (s) => statuses.push(s) });
    await vi.waitFor(() => expect(statuses).toContain("polling"));
    await vi.advanceTimersByTimeAsync(15_000);
    expect(resync).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(resync).toHaveBeenCalledTimes(2);
    expect(FakeEventSource.instances).toHaveLength(0);
    stop();
  });
});
