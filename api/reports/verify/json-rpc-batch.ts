/**
 * Plain JSON-RPC batches for `verify`'s bulk reads (receipts, block headers). Profiling showed
 * viem's per-request path (its batch scheduler and formatting every receipt and log into
 * bigints) cost about three times what the node took to answer, so the bulk reads go as raw
 * batches with a few in flight at once and keep the node's hex fields. Batches stay moderate so
 * a response of busy receipts stays a few MB (viem's client refused 10 MB with 1,000 receipts).
 * A transport failure or an RPC error is REPORT_RPC_UNAVAILABLE, never a "not found".
 */
import { ReportRpcUnavailableError } from "../errors.js";

export type RpcCall = { method: string; params: readonly unknown[] };

export type BatchOptions = {
  /** Calls per HTTP request. */
  batchSize?: number;
  /** Requests in flight at once. */
  inFlight?: number;
  onDone?: (done: number) => void;
};

type RpcAnswer = { id: number; result?: unknown; error?: { code: number; message: string } };

async function postBatch(rpcUrl: string, calls: readonly RpcCall[], firstId: number): Promise<unknown[]> {
  const body = JSON.stringify(calls.map((c, i) => ({ jsonrpc: "2.0", id: firstId + i, method: c.method, params: c.params })));
  let answers: RpcAnswer[];
  try {
    const response = await fetch(rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body });
    if (!response.ok) throw new ReportRpcUnavailableError(rpcUrl, { status: response.status, body: (await response.text()).slice(0, 200) });
    const parsed = (await response.json()) as RpcAnswer[] | RpcAnswer;
    answers = Array.isArray(parsed) ? parsed : [parsed];
  } catch (cause) {
    if (cause instanceof ReportRpcUnavailableError) throw cause;
    throw new ReportRpcUnavailableError(rpcUrl, cause);
  }
  const out = new Array<unknown>(calls.length);
  const seen = new Set<number>();
  for (const a of answers) {
    const i = a.id - firstId;
    if (a.error) throw new ReportRpcUnavailableError(rpcUrl, { method: calls[i]?.method, error: a.error });
    if (i < 0 || i >= calls.length) continue;
    out[i] = a.result ?? null;
    seen.add(i);
  }
  if (seen.size !== calls.length) throw new ReportRpcUnavailableError(rpcUrl, { message: `the node answered ${seen.size} of ${calls.length} batched calls` });
  return out;
}

/** Each call's result (null where the node says there is none), in the calls' order. */
export async function callInBatches(rpcUrl: string, calls: readonly RpcCall[], options: BatchOptions = {}): Promise<unknown[]> {
  const size = Math.max(1, options.batchSize ?? 200);
  const results = new Array<unknown>(calls.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < calls.length) {
      const start = next;
      next += size;
      const answers = await postBatch(rpcUrl, calls.slice(start, start + size), start);
      answers.forEach((a, i) => (results[start + i] = a));
      done += answers.length;
      options.onDone?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.inFlight ?? 4) }, worker));
  return results;
}
