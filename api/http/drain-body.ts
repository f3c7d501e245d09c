/**
 * Reads what is left of a request body that will not be used, and throws it away, before the
 * answer (a 413) goes out. Hono's Node adapter destroys a connection whose body was left unread
 * once the answer is sent, and a client still writing then reads a reset instead of its 413: seen
 * once, on the 5 MB body of test/api/bad-input.test.ts, while two test files ran at once. Bounded
 * in bytes and in time, so a hostile or slow client can make the server read at most that; past
 * either bound the body is cancelled and the connection given up.
 */

/** How much of a refused body is read and discarded so the client can read its answer. */
export const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

/** And for how long, so a client that sends slowly cannot hold the handler. */
export const DRAIN_TIME_LIMIT_MS = 5_000;

/** Reads and discards what is left of a body, up to `limit` bytes in all or the time limit; then lets it go. */
export async function drainBody(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead = 0, limit = DRAIN_LIMIT_BYTES): Promise<void> {
  let size = alreadyRead;
  const drained = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      size += value.byteLength;
      if (size > limit) return false;
    }
  })().catch(() => true);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), DRAIN_TIME_LIMIT_MS)));
  const ended = await Promise.race([drained, timedOut]);
  clearTimeout(timer);
  if (!ended) await reader.cancel().catch(() => undefined);
}
