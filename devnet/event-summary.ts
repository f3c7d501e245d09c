/**
 * Reads back what the protocol emitted, page by page (a single eth_getLogs over a large
 * range is too big a response), decoded with the protocol's ABIs.
 */
import { decodeEventLog, ResponseBodyTooLargeError, type Address, type Hex, type Log, type PublicClient } from "viem";
import { allContractEventsAbi } from "./protocol-abi.js";

export type DecodedLog = { eventName: string; address: Address; blockNumber: bigint; logIndex: number; transactionHash: Hex; topics: Hex[]; data: Hex };

/** Halves the block range until the node's answer fits viem's response size limit. */
export async function getLogsFitting(client: PublicClient, addresses: Address[], from: bigint, to: bigint): Promise<Log[]> {
  try {
    return await client.getLogs({ address: addresses, fromBlock: from, toBlock: to });
  } catch (error) {
    const tooLarge = error instanceof Error && (error instanceof ResponseBodyTooLargeError || error.cause instanceof ResponseBodyTooLargeError || /exceeded the size limit/.test(error.message));
    if (!tooLarge || from === to) throw error;
    const mid = from + (to - from) / 2n;
    return [...(await getLogsFitting(client, addresses, from, mid)), ...(await getLogsFitting(client, addresses, mid + 1n, to))];
  }
}

export async function* protocolLogs(client: PublicClient, addresses: Address[], fromBlock: bigint, toBlock: bigint, pageBlocks = 100n): AsyncGenerator<DecodedLog> {
  for (let from = fromBlock; from <= toBlock; from += pageBlocks) {
    const to = from + pageBlocks - 1n < toBlock ? from + pageBlocks - 1n : toBlock;
    const logs = await getLogsFitting(client, addresses, from, to);
    for (const log of logs) {
      let eventName = "unknown";
      try {
        eventName = decodeEventLog({ abi: allContractEventsAbi, topics: log.topics as [Hex, ...Hex[]], data: log.data }).eventName ?? "unknown";
      } catch {
        // a log of an event outside the protocol's ABIs
      }
      yield {
        eventName,
        address: log.address,
        blockNumber: log.blockNumber!,
        logIndex: log.logIndex!,
        transactionHash: log.transactionHash!,
        topics: log.topics as Hex[],
        data: log.data,
      };
    }
  }
}

export async function countEventsByName(client: PublicClient, addresses: Address[], fromBlock: bigint, toBlock: bigint): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const log of protocolLogs(client, addresses, fromBlock, toBlock)) counts.set(log.eventName, (counts.get(log.eventName) ?? 0) + 1);
  return new Map([...counts.entries()].sort((a, b) => b[1] - a[1]));
}
