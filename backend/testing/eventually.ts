// For tests of what holds across processes "within seconds".

/** Polls `probe` until it returns a value `ok` accepts, or returns the last value after `timeoutMs` (the caller's assertion then fails on it). */
export async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await probe();
    if (ok(last) || Date.now() > deadline) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
}
