/**
 * Reads a request's body with a byte cap: a declared Content-Length over the cap is refused
 * without keeping a byte, and a chunked body is not kept past the cap. The body is handed on as
 * a fresh Request, so what runs next never sees more than the cap.
 *
 * A refused body is still read and thrown away (bounded, api/http/drain-body.ts) before the
 * answer goes out, so the client reads its 413 rather than a reset.
 */
import { drainBody } from "../../http/drain-body.js";
import { ApiRequestError } from "./error-codes.js";

function tooLarge(maxBytes: number): ApiRequestError {
  return new ApiRequestError("PAYLOAD_TOO_LARGE", `the request body is larger than ${maxBytes} bytes`, {
    hint: "send a shorter query, or register it as a persisted operation and send its id",
  });
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
