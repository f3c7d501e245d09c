/**
 * The block a report is taken at: by default the indexer's head (never the chain's, which a
 * lagging indexer has not reached); an asked block must be neither past the chain's head
 * (REPORT_BLOCK_IN_FUTURE) nor past the indexer's (REPORT_BLOCK_NOT_INDEXED). Its hash and time
 * come from the chain.
 */
import type { PublicClient } from "viem";
import { ReportBlockInFutureError, ReportBlockNotIndexedError, ReportRpcUnavailableError } from "../errors.js";
import type { ReportAnchor } from "../report.js";

export async function readChainAnchor(client: PublicClient, rpcUrl: string, asOf: bigint | undefined, indexedHead: () => Promise<bigint>): Promise<ReportAnchor> {
  const indexed = await indexedHead();
  const rpc = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw new ReportRpcUnavailableError(rpcUrl, error);
    }
  };
  const chainHead = await rpc(() => client.getBlockNumber({ cacheTime: 0 }));
  if (asOf !== undefined && asOf > chainHead) throw new ReportBlockInFutureError(asOf, chainHead);
  if (asOf !== undefined && asOf > indexed) throw new ReportBlockNotIndexedError(asOf, indexed, chainHead);
  // Right after a reorg to a shorter chain the checkpoint can be past the chain's head.
  const block = asOf ?? (indexed < chainHead ? indexed : chainHead);
  const header = await rpc(() => client.getBlock({ blockNumber: block }));
  return { block: block.toString(), blockHash: header.hash!.toLowerCase(), timestamp: header.timestamp.toString() };
}
