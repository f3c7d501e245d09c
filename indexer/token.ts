/** OpenToken (ERC20Votes): transfers and balances, approvals, delegation and voting power. */
import { ponder } from "ponder:registry";
import { zeroAddress, type Address } from "viem";
import { account, delegateChange, delegateVotesChange, tokenApproval, tokenTransfer } from "../schema/token.js";
import { evidenceOf, eventRowId, type Db, type Evidence } from "./evidence.js";
import { recordAdminEvent } from "./parameters.js";

/** Creates the account on first sight and applies the change. */
async function touchAccount(
  db: Db,
  evidence: Evidence,
  address: Address,
  change: { balanceDelta?: bigint; transfer?: boolean; delegate?: Address; votes?: bigint },
): Promise<void> {
  const transfers = change.transfer ? 1 : 0;
  await db
    .insert(account)
    .values({
      id: address,
      balance: change.balanceDelta ?? 0n,
      delegate: change.delegate ?? null,
      votes: change.votes ?? 0n,
      transferCount: transfers,
      updatedBlock: evidence.blockNumber,
      ...evidence,
    })
    .onConflictDoUpdate((row) => ({
      balance: row.balance + (change.balanceDelta ?? 0n),
      delegate: change.delegate ?? row.delegate,
      votes: change.votes ?? row.votes,
      transferCount: row.transferCount + transfers,
      updatedBlock: evidence.blockNumber,
    }));
}

ponder.on("OpenToken:Transfer", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { from, to, value } = event.args;
  await context.db.insert(tokenTransfer).values({ id: eventRowId(evidence), from, to, value, ...evidence });
  // The zero address stands for mint and burn; it holds no balance.
  if (from !== zeroAddress) await touchAccount(context.db, evidence, from, { balanceDelta: -value, transfer: true });
  if (to !== zeroAddress) await touchAccount(context.db, evidence, to, { balanceDelta: value, transfer: true });
});

ponder.on("OpenToken:Approval", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { owner, spender, value } = event.args;
  await context.db.insert(tokenApproval).values({ id: eventRowId(evidence), owner, spender, value, ...evidence });
});

ponder.on("OpenToken:DelegateChanged", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { delegator, fromDelegate, toDelegate } = event.args;
  await context.db.insert(delegateChange).values({ id: eventRowId(evidence), delegator, fromDelegate, toDelegate, ...evidence });
  await touchAccount(context.db, evidence, delegator, { delegate: toDelegate });
});

ponder.on("OpenToken:DelegateVotesChanged", async ({ event, context }) => {
  const evidence = evidenceOf(context.chain.id, event);
  const { delegate, previousVotes, newVotes } = event.args;
  await context.db.insert(delegateVotesChange).values({ id: eventRowId(evidence), delegate, previousVotes, newVotes, ...evidence });
  await touchAccount(context.db, evidence, delegate, { votes: newVotes });
});

ponder.on("OpenToken:OwnershipTransferred", async ({ event, context }) => {
  await recordAdminEvent(context.db, evidenceOf(context.chain.id, event), event.log.address, "OwnershipTransferred", event.args);
});

ponder.on("OpenToken:EIP712DomainChanged", async ({ event, context }) => {
  await recordAdminEvent(context.db, evidenceOf(context.chain.id, event), event.log.address, "EIP712DomainChanged", {});
});
