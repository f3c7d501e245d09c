/**
 * Reads a request's body with a byte cap: a declared Content-Length over the cap is refused
 * without keeping a byte, and a chunked body is not kept past the cap. The body is handed on as
 * a fresh Request, so what runs next never sees more than the cap.
 *
 * A refused body is still read, and thrown away, up to DRAIN_LIMIT_BYTES before the answer goes
 * out: the Node server destroys a connection whose request body was left unread once the answer
 * is sent, and a client still writing its body then gets ECONNRESET instead of the 413 (seen in a
 * test: a 5 MB body on loopback, about one try in ten with another process busy). Past the drain
 * limit the connection is given up, so a hostile client can make the server read at most that.
 */
import { ApiRequestError } from "./error-codes.js";

function tooLarge(maxBytes: number): ApiRequestError {
  return new ApiRequestError("PAYLOAD_TOO_LARGE", `the request body is larger than ${maxBytes} bytes`, {
    hint: "send a shorter query, or register it as a persisted operation and send its id",
  });
}

/** How much of a refused body is read and discarded so the client can read its 413. */
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

export async function readBodyCapped(request: Request, maxBytes: number): Promise<Uint8Array | undefined> {
  if (request.method === "GET" || request.method === "HEAD" || !request.body) return undefined;
  const declared = Number(request.headers.get("content-length") ?? NaN);
  const reader = request.body.getReader();
  if (declared > maxBytes) {
    await drainBody(reader);
    throw tooLarge(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await drainBody(reader, size);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The same request with an already read body and another abort signal. */
export function withBody(request: Request, body: Uint8Array | undefined, signal: AbortSignal): Request {
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  return new Request(request.url, { method: request.method, headers, body: body as BodyInit | undefined, signal });
}
