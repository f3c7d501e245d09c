/** The block a report is taken at: checked against the head, with its hash and time from the chain. */
import type { PublicClient } from "viem";
import { ReportBlockInFutureError, ReportRpcUnavailableError } from "../errors.js";
import type { ReportAnchor } from "../report.js";

export async function readChainAnchor(client: PublicClient, rpcUrl: string, asOf: bigint | undefined, indexedHead?: () => Promise<bigint>): Promise<ReportAnchor> {
  try {
    const head = indexedHead ? await indexedHead() : await client.getBlockNumber({ cacheTime: 0 });
    const block = asOf ?? head;
    if (block > head) throw new ReportBlockInFutureError(block, head);
    const header = await client.getBlock({ blockNumber: block });
    return { block: block.toString(), blockHash: header.hash!.toLowerCase(), timestamp: header.timestamp.toString() };
  } catch (error) {
    if (error instanceof ReportBlockInFutureError) throw error;
    throw new ReportRpcUnavailableError(rpcUrl, error);
  }
}
