// A minimal EventSource over fetch for tests of the live stream: parses the
// frames as they arrive, and waits for a message or the end of the stream.
import type { Call, Session } from "./fixtures.ts";

export interface SseMessage { event: string; id: string | null; data: any }

/** A minimal EventSource over fetch: parses frames as they arrive from the streaming body. */
export class SseClient {
  readonly messages: SseMessage[] = [];
  ended = false;
  private listeners: (() => void)[] = [];

  private constructor(readonly status: number, private readonly res: Response, private readonly ctrl: AbortController, autoRead: boolean) {
    if (autoRead) void this.pump();
  }

  static async open(baseUrl: string, query: Record<string, string>, opts: { headers?: Record<string, string>; autoRead?: boolean } = {}): Promise<SseClient> {
    const ctrl = new AbortController();
    const res = await fetch(`${baseUrl}/events/stream?${new URLSearchParams(query)}`, { headers: opts.headers, signal: ctrl.signal });
    return new SseClient(res.status, res, ctrl, opts.autoRead ?? true);
  }

  async body(): Promise<any> {
    return JSON.parse(await this.res.text());
  }

  /** Reads frames until the server ends the stream (or we abort). */
  async pump(): Promise<void> {
    const reader = this.res.body!.getReader();
    const decoder = new TextDecoder();
    let buf = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buf.indexOf("\n\n")) >= 0) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          this.parse(frame);
        }
      }
    } catch {
      // aborted or reset
    } finally {
      this.ended = true;
      this.notify();
    }
  }

  private parse(frame: string) {
    let event = "message";
    let id: string | null = null;
    const data: string[] = [];
    for (const line of frame.split("\n")) {
      if (line.startsWith(":") || line === "") continue;
      const i = line.indexOf(":");
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "id") id = value;
      else if (field === "data") data.push(value);
    }
    if (data.length === 0) return; // retry: and comments only
    this.messages.push({ event, id, data: JSON.parse(data.join("\n")) });
    this.notify();
  }

  private notify() {
    for (const l of this.listeners.splice(0)) l();
  }

  private changed(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.listeners.push(() => { clearTimeout(t); resolve(); });
    });
  }

  async waitFor(pred: (m: SseMessage) => boolean, timeoutMs = 10_000): Promise<SseMessage> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const m = this.messages.find(pred);
      if (m) return m;
      if (this.ended) throw new Error(`stream ended before the expected message; got ${JSON.stringify(this.messages.map((x) => x.event))}`);
      if (Date.now() > until) throw new Error(`timed out; got ${JSON.stringify(this.messages.map((x) => [x.event, x.data?.type]))}`);
      await this.changed(until - Date.now());
    }
  }

  async waitEnded(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > until) throw new Error("stream did not end");
      await this.changed(until - Date.now());
    }
  }

  finance(): SseMessage[] {
    return this.messages.filter((m) => m.event === "finance");
  }

  close() {
    this.ctrl.abort();
  }
}

/** Signs `session` up for a stream ticket and opens the stream on `baseUrl`, resolving once the server says it is ready. */
export async function openStream(call: Call, baseUrl: string, session: Session): Promise<SseClient> {
  const t = await call("POST", "/events/stream-ticket", { token: session.token });
  if (t.status !== 200) throw new Error(`stream ticket refused: ${t.status} ${JSON.stringify(t.body)}`);
  const c = await SseClient.open(baseUrl, { ticket: t.body.ticket });
  if (c.status !== 200) throw new Error(`stream refused: ${c.status}`);
  await c.waitFor((m) => m.event === "ready");
  return c;
}
