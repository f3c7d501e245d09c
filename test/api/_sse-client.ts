/**
 * A GraphQL-over-SSE client for tests (distinct connections mode, as graphql-yoga serves it):
 * POSTs the subscription with `Accept: text/event-stream` and collects each `next` event's
 * payload; close() disconnects, as a browser tab that goes away.
 */
export type SseEvent<T> = { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };

export type SseSubscription<T> = {
  status: number;
  contentType: string;
  events: SseEvent<T>[];
  /** Waits until an event satisfies `match`; throws after `timeoutMs`. */
  waitFor(match: (e: SseEvent<T>) => boolean, timeoutMs?: number): Promise<SseEvent<T>>;
  close(): void;
};

export async function subscribeSse<T>(url: string, query: string, variables?: Record<string, unknown>): Promise<SseSubscription<T>> {
  const abort = new AbortController();
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const events: SseEvent<T>[] = [];
  const waiters = new Set<() => void>();
  let ended = false;
  void (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      const reader = res.body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n");
          if (event === "next" && data) events.push(JSON.parse(data) as SseEvent<T>);
          for (const w of waiters) w();
        }
      }
    } catch {
      // aborted by close()
    } finally {
      ended = true;
      for (const w of waiters) w();
    }
  })();
  return {
    status: res.status,
    contentType: res.headers.get("content-type") ?? "",
    events,
    async waitFor(match, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        if (ended) throw new Error(`the stream ended before the event came; got ${JSON.stringify(events).slice(0, 500)}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events).slice(0, 500)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.min(left, 1_000));
          function done() {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          }
          waiters.add(done);
        });
      }
    },
    close: () => abort.abort(),
  };
}
