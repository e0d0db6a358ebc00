// Live updates: a short-lived ticket from POST /events/stream-ticket, then an EventSource on
// /events/stream. EventSource cannot send an Authorization header, hence the ticket.
import { apiPaths } from "@/config/api-paths";
import { config } from "@/config/env";
import { apiRequest, buildUrl } from "./api-client";
import type { CashbookStreamEvent, FinanceStreamEvent } from "./api-types";

export type LiveStatus = "connecting" | "live" | "polling";

export interface LiveHandlers {
  onFinance: (event: FinanceStreamEvent) => void;
  onCashbook: (event: CashbookStreamEvent) => void;
  /** Refresh everything: called on each poll tick and after a reconnect (events may have been missed). */
  onResync: () => void;
  onStatus?: (status: LiveStatus) => void;
}

/** Reconnect delays grow to this cap, so a down server is not hammered. */
const MAX_RECONNECT_DELAY_MS = 60_000;

/** Connects and keeps connected; returns a function that stops everything. */
export function connectLiveUpdates(handlers: LiveHandlers): () => void {
  let source: EventSource | null = null;
  let stopped = false;
  let lastEventId: string | null = null;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let status: LiveStatus | null = null;

  const setStatus = (next: LiveStatus) => {
    if (next !== status) {
      status = next;
      handlers.onStatus?.(next);
    }
  };

  const startPolling = () => {
    setStatus("polling");
    pollTimer ??= setInterval(() => handlers.onResync(), config.pollIntervalMs);
  };
  const stopPolling = () => {
    clearInterval(pollTimer);
    pollTimer = undefined;
  };

  const scheduleReconnect = () => {
    if (stopped) return;
    const delayMs = Math.min(MAX_RECONNECT_DELAY_MS, 1_000 * 2 ** Math.min(attempt, 6));
    attempt += 1;
    reconnectTimer = setTimeout(() => void connect(), delayMs);
  };

  const parse = <T>(ev: MessageEvent): T | null => {
    if (ev.lastEventId) lastEventId = ev.lastEventId;
    try {
      return JSON.parse(ev.data as string) as T;
    } catch {
      return null;
    }
  };

  async function connect(): Promise<void> {
    if (stopped) return;
    if (status === null) setStatus("connecting");
    let ticket: string;
    try {
      ({ ticket } = await apiRequest<{ ticket: string }>(apiPaths.events.streamTicket, { method: "POST", body: {} }));
    } catch {
      // No stream endpoint (or it failed): poll until it comes back.
      startPolling();
      scheduleReconnect();
      return;
    }
    if (stopped) return;
    const url = buildUrl(apiPaths.events.stream, { ticket, lastEventId });
    const es = new EventSource(url);
    source = es;
    es.onopen = () => {
      const wasDown = attempt > 0 || pollTimer !== undefined;
      attempt = 0;
      stopPolling();
      setStatus("live");
      if (wasDown) handlers.onResync();
    };
    es.addEventListener("finance", (ev) => {
      const data = parse<FinanceStreamEvent>(ev as MessageEvent);
      if (data) {
        if (!(ev as MessageEvent).lastEventId && data.eventId) lastEventId = data.eventId;
        handlers.onFinance(data);
      }
    });
    es.addEventListener("cashbook", (ev) => {
      const data = parse<CashbookStreamEvent>(ev as MessageEvent);
      if (data) handlers.onCashbook(data);
    });
    es.onerror = () => {
      // The ticket is single-use and short-lived: instead of EventSource's own retry, reconnect
      // with a fresh ticket, passing lastEventId so the server can replay what we missed.
      es.close();
      if (source === es) source = null;
      startPolling();
      scheduleReconnect();
    };
  }

  void connect();

  return () => {
    stopped = true;
    clearTimeout(reconnectTimer);
    stopPolling();
    source?.close();
    source = null;
  };
}
