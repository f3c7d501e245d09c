/**
 * The RPC client `verify` uses: viem's HTTP transport with JSON-RPC batching. A batch of
 * receipts of busy transactions can pass viem's default 10 MB response limit, so batches are
 * moderate and the limit is raised; a failed call is an error, never "no such transaction".
 */
import { createPublicClient, http, type PublicClient } from "viem";

export function verifyClient(rpcUrl: string, options: { batchSize?: number } = {}): PublicClient {
  return createPublicClient({
    transport: http(rpcUrl, { batch: { batchSize: options.batchSize ?? 250 }, retryCount: 1, maxResponseBodySize: 512 * 1024 * 1024 }),
  });
}
