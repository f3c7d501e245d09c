/**
 * Time travel's definition of correct: for a block N, the API's `asOf: { block: N }` answer
 * equals the answer of a second indexer whose end block is N (Ponder's endBlock), query by
 * query. The main index derives past state from its append-only history; each stopped index
 * answers from its stored entity rows at its head (Ponder's endBlock stops the contracts' logs
 * at N while the chain's checkpoint follows the head, so the stopped index holds exactly the
 * events up to N; the Governor's state, which depends on the block number itself, is checked
 * against the contract's state() at N instead). Blocks: just before and at a consent
 * withdrawal, and inside a proposal's voting period. On the Postgres
 * server, every stopped indexer in its own schema of the main one's database (sharing its RPC cache).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createPublicClient, http } from "viem";
import { openGovernorAbi } from "../../contracts-abi/generated/index.js";
import { PROPOSAL_STATE_VALUES } from "../../indexer/statuses.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "../_setup/simulated-devnet.js";
import { startTestIndexer, type TestIndexer } from "../_setup/ponder-indexer.js";
import { queryData } from "./_graphql-client.js";

/** Every mutable figure the API derives, with the block-bounded lists; `$asOf` is null on the stopped index. */
const QUERIES: Record<string, string> = {
  datanets: `query ($asOf: AsOf) { datanets(asOf: $asOf) { totalCount edges { node { id contributionCount pendingCount acceptedCount rejectedCount withdrawnCount versionCount curators { address }
    contributions { id status reviewer reviewReason reviewedBlock withdrawnBlock rewardsEarned rewardCount inferencesAttributed statusHistory { toStatus } versions { id } }
    versions { id merkleRoot trainingRuns { id } contributions { id } } } } } }`,
  models: `query ($asOf: AsOf) { models(asOf: $asOf) { totalCount edges { node { id status runCount adapterCount inferenceCount feesTotal distinctContributorsPaid trainedOnWithdrawnData latestRun { id }
    trainingRuns { id trainedOnWithdrawnData withdrawnContributionCount firstWithdrawalBlock adapters { id } }
    withdrawnAfterTraining { runId withdrawnBlock contribution { id } } contributorsPaid { account { address } rewardsTotal rewardCount } } } } }`,
  inferences: `query ($asOf: AsOf) { inferences(first: 1000, asOf: $asOf) { totalCount edges { node { id methodId challengeCount feeSplit { protocolAmount modelOwnerAmount contributorsAmount }
    attributionShares { weightPpm } rewards { amount } challenges { id resolved upheld resolver note resolvedBlock } } } } }`,
  governance: `query ($asOf: AsOf) { proposals(asOf: $asOf) { totalCount edges { node { id forVotes againstVotes abstainVotes voteCount etaSeconds quorum votes { voter { address } weight } } } }
    protocolParameters(asOf: $asOf) { edges { node { id value } } } anomalies(asOf: $asOf) { totalCount } }`,
  lists: `query ($asOf: AsOf) { rewards(asOf: $asOf) { totalCount } attributionShares(asOf: $asOf) { totalCount } feeDistributions(asOf: $asOf) { totalCount } challenges(asOf: $asOf) { totalCount }
    votes(asOf: $asOf) { totalCount } adapters(asOf: $asOf) { totalCount } trainingRuns(asOf: $asOf) { totalCount } datanetVersions(asOf: $asOf) { totalCount }
    accepted: contributions(asOf: $asOf, filter: { status: accepted }) { totalCount } withdrawn: contributions(asOf: $asOf, filter: { status: withdrawn }) { totalCount }
    published: models(asOf: $asOf, filter: { status: published }) { totalCount } }`,
  lineage: `query ($asOf: AsOf) { a: lineage(modelId: 1, asOf: $asOf) { nodes { id withdrawn } edges { from to kind } } b: lineage(modelId: 2, asOf: $asOf) { nodes { id withdrawn } edges { from to kind } } }`,
};

const accountsQuery = `query ($asOf: AsOf, $a: String!) { account(address: $a, asOf: $asOf) { balance votingPower delegate transferCount contributionsByStatus { status count } rewardsEarned modelsTrainedOnTheirData { id } inferencesAttributed { id } votes { weight } } }`;

let sim: SimulatedDevnet;
let main: TestIndexer;
const stopped: TestIndexer[] = [];

before(async () => {
  sim = await startSimulatedDevnet({ seed: "1", scale: "small" });
  main = await startTestIndexer({ deploymentFile: sim.deploymentFile, store: "postgres" });
  await main.ponder.waitForBlock(sim.result.lastBlock);
});
after(async () => {
  for (const s of stopped) await s.dispose();
  await main?.dispose();
  await sim?.stop();
});

test("asOf: N equals an indexer stopped at N, query by query, and the proposal state equals state() at N", { timeout: 600_000 }, async () => {
  const url = main.ponder.graphqlUrl;
  const { contributions } = await queryData<{ contributions: any }>(url, `{ contributions(filter: { status: withdrawn }) { edges { node { id withdrawnBlock } } } }`);
  const withdrawal = BigInt(contributions.edges[0].node.withdrawnBlock);
  const { proposals } = await queryData<{ proposals: any }>(url, `{ proposals { edges { node { id voteStart voteEnd } } } }`);
  const voting = BigInt(proposals.edges[0].node.voteStart) + 2n;
  const blocks = [...new Set([withdrawal - 1n, withdrawal, voting])].sort((x, y) => (x < y ? -1 : 1));
  assert.ok(voting <= BigInt(proposals.edges[0].node.voteEnd));
  const addresses = [...new Set([...sim.result.world.contributions.values()].map((c) => c.contributor.address))].slice(0, 4);
  const client = createPublicClient({ transport: http(sim.devnet.rpcUrl) });

  for (const block of blocks) {
    // Ponder's endBlock stops the contracts' logs at N; its checkpoint still follows the chain.
    const at = await startTestIndexer({ deploymentFile: sim.deploymentFile, store: "postgres", beside: main, schema: `at_${block}`, env: { END_BLOCK: block.toString() } });
    stopped.push(at);
    await at.ponder.waitForBlock(block);
    for (const [name, query] of Object.entries(QUERIES)) {
      const expected = await queryData(at.ponder.graphqlUrl, query, { asOf: null });
      const actual = await queryData(url, query, { asOf: { block: block.toString() } });
      assert.deepEqual(actual, expected, `${name} as of block ${block}`);
    }
    for (const a of addresses) {
      const expected = await queryData(at.ponder.graphqlUrl, accountsQuery, { asOf: null, a });
      const actual = await queryData(url, accountsQuery, { asOf: { block: block.toString() }, a });
      assert.deepEqual(actual, expected, `account ${a} as of block ${block}`);
    }
    const { proposals: past } = await queryData<{ proposals: any }>(url, `{ proposals(asOf: { block: ${block} }) { edges { node { id state } } } }`);
    for (const { node } of past.edges) {
      const code = await client.readContract({ address: sim.devnet.deployment.contracts.OpenGovernor, abi: openGovernorAbi, functionName: "state", args: [BigInt(node.id)], blockNumber: block });
      assert.equal(node.state, PROPOSAL_STATE_VALUES[Number(code)], `proposal ${node.id} state() at ${block}`);
    }
    await at.dispose();
    stopped.pop();
  }
  const id = contributions.edges[0].node.id;
  const around = await queryData<{ before: any; at: any }>(url, `{ before: contribution(id: ${id}, asOf: { block: ${withdrawal - 1n} }) { status withdrawnBlock } at: contribution(id: ${id}, asOf: { block: ${withdrawal} }) { status } }`);
  assert.deepEqual(around, { before: { status: "accepted", withdrawnBlock: null }, at: { status: "withdrawn" } }, "a contribution withdrawn later is still accepted before");
});
