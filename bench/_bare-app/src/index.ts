// One handler for every event of every protocol contract: insert one row per log.
import { ponder } from "ponder:registry";
import { logRow } from "ponder:schema";
import { protocolAbis } from "../../../contracts-abi/protocol-abis.js";

type LogArgs = {
  event: { name: string; block: { number: bigint; timestamp: bigint }; transaction: { hash: `0x${string}` }; log: { logIndex: number; address: `0x${string}` } };
  context: { chain: { id: number }; db: { insert: (table: typeof logRow) => { values: (row: typeof logRow.$inferInsert) => Promise<unknown> } } };
};

for (const [contract, abi] of Object.entries(protocolAbis)) {
  for (const item of abi) {
    if (item.type !== "event") continue;
    const register = ponder.on.bind(ponder) as unknown as (name: string, fn: (args: LogArgs) => Promise<void>) => void;
    register(`${contract}:${item.name}`, async ({ event, context }) => {
      await context.db.insert(logRow).values({
        id: `${context.chain.id}-${event.transaction.hash}-${event.log.logIndex}`,
        contract: event.log.address,
        eventName: item.name,
        chainId: context.chain.id,
        blockNumber: event.block.number,
        blockTimestamp: event.block.timestamp,
        transactionHash: event.transaction.hash,
        logIndex: event.log.logIndex,
      });
    });
  }
}
