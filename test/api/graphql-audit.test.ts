/**
 * The provenance API over the small simulation, on each store (PGlite, the Postgres server):
 * each audit question in one request, compared with the chain (contract views) and the
 * simulator's record; keyset pagination; the SQL-statement bound of a nested query; bad input.
 * One devnet for both stores, one indexer per store.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createPublicClient, http } from "viem";
import { datanetRegistryAbi, openGovernorAbi } from "../../contracts-abi/generated/index.js";
import { PROPOSAL_STATE_VALUES } from "../../indexer/statuses.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "../_setup/simulated-devnet.js";
import { startTestIndexer, TEST_STORES, type TestIndexer } from "../_setup/ponder-indexer.js";
import { postGraphql, queryData } from "./_graphql-client.js";

let sim: SimulatedDevnet;
before(async () => {
  sim = await startSimulatedDevnet({ seed: "1", scale: "small" });
});
after(async () => {
  await sim?.stop();
});

for (const store of TEST_STORES) {
  describe(`provenance GraphQL on ${store}`, () => {
    let indexer: TestIndexer;
    let url: string;
    before(async () => {
      indexer = await startTestIndexer({ deploymentFile: sim.deploymentFile, store });
      await indexer.ponder.waitForBlock(sim.result.lastBlock);
      url = indexer.ponder.graphqlUrl;
    });
    after(async () => {
      await indexer?.dispose();
    });

    test("model(id): lineage to contributions, contributors and licences, consent, adapters, fees, contributors paid", async () => {
      const world = sim.result.world;
      for (const m of world.models) {
        const data = await queryData<{ model: any }>(
          url,
          `query ($id: BigInt!) { model(id: $id) { id status runCount adapterCount inferenceCount feesTotal distinctContributorsPaid trainedOnWithdrawnData
            trainingRuns { id weightsHash datanetVersions { datanet { id licence } version merkleRoot contributions { id contentHash contributor { address } licence status } } }
            withdrawnAfterTraining { runId runBlock withdrawnBlock contribution { id status withdrawnBlock } }
            adapters { id } inferences { id fee } contributorsPaid { account { address } rewardsTotal }
            evidence { chainId blockNumber blockHash timestamp transactionHash logIndex } } }`,
          { id: m.id.toString() },
        );
        const model = data.model;
        assert.equal(model.status, m.status, `model ${m.id} status as the simulator set it`);
        assert.deepEqual(model.adapters.map((a: any) => a.id), m.adapterIds.map(String));
        const runs = [...world.runs.values()].filter((r) => r.modelId === m.id);
        assert.deepEqual(model.trainingRuns.map((r: any) => r.id), runs.map((r) => r.id.toString()));
        for (const run of model.trainingRuns) {
          assert.equal(run.weightsHash, world.runs.get(BigInt(run.id))!.weightsHash);
          for (const v of run.datanetVersions) {
            const simVersion = world.datanets.find((d) => d.id === BigInt(v.datanet.id))!.versions.find((x) => x.version === v.version)!;
            assert.deepEqual(v.contributions.map((c: any) => BigInt(c.id)).sort(), [...simVersion.contributionIds].sort(), "a version's members are the simulator's");
            for (const c of v.contributions) {
              assert.equal(c.contentHash, world.contributions.get(BigInt(c.id))!.contentHash);
              assert.equal(c.contributor.address, world.contributions.get(BigInt(c.id))!.contributor.address.toLowerCase());
              assert.equal(c.licence, v.datanet.licence);
            }
          }
        }
        for (const w of model.withdrawnAfterTraining) {
          assert.equal(w.contribution.status, "withdrawn");
          assert.ok(BigInt(w.withdrawnBlock) > BigInt(w.runBlock), "withdrawn after the run");
          assert.equal(world.contributions.get(BigInt(w.contribution.id))!.status, "withdrawn");
        }
        assert.equal(model.inferenceCount, model.inferences.length);
        assert.equal(BigInt(model.feesTotal), model.inferences.reduce((s: bigint, i: any) => s + BigInt(i.fee), 0n));
        assert.equal(model.distinctContributorsPaid, model.contributorsPaid.length);
        assert.match(model.evidence.blockHash, /^0x[0-9a-f]{64}$/);
      }
      const anyWithdrawnAfter = await Promise.all(world.models.map((m) => queryData<{ model: any }>(url, `{ model(id: ${m.id}) { withdrawnAfterTraining { runId } } }`)));
      assert.ok(anyWithdrawnAfter.some((d) => d.model.withdrawnAfterTraining.length > 0), "the small simulation withdraws consent after some training run");
    });

    test("datanet(id) and contribution statuses equal the chain's view functions and the simulator's record", async () => {
      const client = createPublicClient({ transport: http(sim.devnet.rpcUrl) });
      const data = await queryData<{ datanets: any }>(url, `{ datanets { totalCount edges { node { id contributionCount acceptedCount withdrawnCount versionCount contributions { id status } versions { version merkleRoot } } } } }`);
      assert.equal(data.datanets.totalCount, sim.result.world.datanets.length);
      for (const { node } of data.datanets.edges) {
        for (const c of node.contributions) assert.equal(c.status, sim.result.world.contributions.get(BigInt(c.id))!.status);
        assert.equal(node.withdrawnCount, node.contributions.filter((c: any) => c.status === "withdrawn").length);
        for (const v of node.versions) {
          const onChain = await client.readContract({ address: sim.devnet.deployment.contracts.DatanetRegistry, abi: datanetRegistryAbi, functionName: "getVersion", args: [BigInt(node.id), v.version] });
          assert.equal(v.merkleRoot, onChain.merkleRoot.toLowerCase(), "the Merkle root the contract holds");
        }
      }
    });

    test("inference(id): model, adapter, caller, hashes, fee split, shares with contributors, rewards, challenges", async () => {
      const data = await queryData<{ inference: any }>(
        url,
        `{ inference(id: 1) { id model { id } adapter { id } caller { address } inputHash outputHash fee methodId
          feeSplit { protocolAmount modelOwnerAmount contributorsAmount modelOwner { address } }
          attributionShares { weightPpm contribution { id contributor { address } datanet { licence } } }
          rewards { amount contributor { address } contribution { id } } challenges { id resolved upheld } verifications { verdict } } }`,
      );
      const inf = data.inference;
      const split = inf.feeSplit;
      assert.equal(BigInt(split.protocolAmount) + BigInt(split.modelOwnerAmount) + BigInt(split.contributorsAmount), BigInt(inf.fee), "the split adds up to the fee");
      assert.equal(inf.attributionShares.reduce((s: number, x: any) => s + x.weightPpm, 0) <= 1_000_000, true);
      const shareContributors = new Set(inf.attributionShares.map((s: any) => s.contribution.id));
      for (const r of inf.rewards) assert.ok(shareContributors.has(r.contribution.id), "rewards go to attributed contributions");
      assert.equal(inf.verifications, null, "no verdict store in this process");
    });

    test("account(address): contributions by status, rewards, models trained on their data, inferences attributed", async () => {
      const contributor = [...sim.result.world.contributions.values()][0]!.contributor.address;
      const mine = [...sim.result.world.contributions.values()].filter((c) => c.contributor.address === contributor);
      const data = await queryData<{ account: any }>(
        url,
        `query ($a: String!) { account(address: $a) { address balance contributionsByStatus { status count } contributions { id } rewardsEarned rewards { amount } modelsTrainedOnTheirData { id } inferencesAttributed { id } votes { support } } }`,
        { a: contributor },
      );
      const a = data.account;
      assert.equal(a.contributions.length, mine.length);
      for (const s of a.contributionsByStatus) assert.equal(s.count, mine.filter((c) => c.status === s.status).length, `${s.status} contributions`);
      assert.equal(BigInt(a.rewardsEarned), a.rewards.reduce((s: bigint, r: any) => s + BigInt(r.amount), 0n));
      assert.ok(a.modelsTrainedOnTheirData.length > 0 && a.inferencesAttributed.length > 0);
    });

    test("proposal(id): the Governor's state() at the head and inside the voting period", async () => {
      const client = createPublicClient({ transport: http(sim.devnet.rpcUrl) });
      const { proposals } = await queryData<{ proposals: any }>(url, `{ proposals { edges { node { id voteStart voteEnd state } } } }`);
      assert.ok(proposals.edges.length > 0);
      for (const { node } of proposals.edges) {
        for (const block of [BigInt(node.voteStart), BigInt(node.voteStart) + 1n, BigInt(node.voteEnd), BigInt(node.voteEnd) + 1n, sim.result.lastBlock]) {
          if (block > sim.result.lastBlock) continue;
          const code = await client.readContract({ address: sim.devnet.deployment.contracts.OpenGovernor, abi: openGovernorAbi, functionName: "state", args: [BigInt(node.id)], blockNumber: block });
          const { proposal } = await queryData<{ proposal: any }>(url, `{ proposal(id: "${node.id}", asOf: { block: ${block} }) { state } }`);
          assert.equal(proposal.state, PROPOSAL_STATE_VALUES[Number(code)], `proposal ${node.id} at block ${block}`);
        }
      }
    });

    test("lineage(modelId) and _meta state the answered block", async () => {
      const answer = await postGraphql<{ lineage: any; _meta: any }>(url, `{ lineage(modelId: 1) { nodes { id kind } edges { from to kind } } _meta { block { number hash timestamp } indexedBlock } }`);
      assert.equal(answer.errors, undefined);
      const { lineage, _meta } = answer.data!;
      assert.equal(_meta.block.number, sim.result.lastBlock.toString());
      assert.deepEqual(answer.extensions?.answeredBlocks, [sim.result.lastBlock.toString()]);
      const ids = new Set(lineage.nodes.map((n: any) => n.id));
      for (const e of lineage.edges) assert.ok(ids.has(e.from) && ids.has(e.to), `edge ${e.from} -> ${e.to} joins two nodes`);
    });

    test("keyset pagination walks every inference forward and backward; cursors survive", async () => {
      const forward: string[] = [];
      let after: string | null = null;
      let total = 0;
      for (;;) {
        const { inferences }: { inferences: any } = await queryData<{ inferences: any }>(url, `query ($after: String) { inferences(first: 10, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { after });
        total = inferences.totalCount;
        forward.push(...inferences.edges.map((e: any) => e.node.id));
        if (!inferences.pageInfo.hasNextPage) break;
        after = inferences.pageInfo.endCursor;
      }
      assert.equal(total, sim.result.inferences);
      assert.deepEqual(forward, Array.from({ length: total }, (_, i) => String(i + 1)));
      const backward: string[] = [];
      let before: string | null = null;
      for (;;) {
        const { inferences }: { inferences: any } = await queryData<{ inferences: any }>(url, `query ($before: String) { inferences(last: 7, before: $before) { edges { node { id } } pageInfo { hasPreviousPage startCursor } } }`, { before });
        backward.unshift(...inferences.edges.map((e: any) => e.node.id));
        if (!inferences.pageInfo.hasPreviousPage) break;
        before = inferences.pageInfo.startCursor;
      }
      assert.deepEqual(backward, forward);
      const { rewards } = await queryData<{ rewards: any }>(url, `{ rewards(first: 5, orderBy: { field: amount, direction: desc }, filter: { or: [{ model: 1 }, { model: 2 }] }) { edges { node { amount model { id } } } } }`);
      const amounts = rewards.edges.map((e: any) => BigInt(e.node.amount));
      assert.deepEqual(amounts, [...amounts].sort((x, y) => (x < y ? 1 : x > y ? -1 : 0)));
      assert.ok(rewards.edges.every((e: any) => ["1", "2"].includes(e.node.model.id)));
    });

    test("a nested query of depth 4 over 100 rows issues statements bounded by its depth, not its rows", async () => {
      const nested = (n: number) => `{ rewards(first: ${n}) { edges { node { amount contribution { id datanet { id versions { version contributions { id contributor { address } } } } } inference { id model { id } } } } } }`;
      const small = await postGraphql(url, nested(5));
      const large = await postGraphql(url, nested(100));
      assert.equal(large.errors, undefined);
      assert.ok(((large.data as any).rewards.edges as unknown[]).length === 100, "the small simulation has 100 rewards");
      assert.ok(large.extensions!.sqlStatements! <= 10, `statements ${large.extensions!.sqlStatements} bounded by depth`);
      assert.equal(large.extensions!.sqlStatements, small.extensions!.sqlStatements, "20x the rows, the same statements");
    });

    test("bad input answers a clear error code and the server keeps serving", async () => {
      const code = async (query: string) => (await postGraphql(url, query)).errors?.[0]?.extensions?.code;
      assert.equal(await code(`{ inferences(first: 100000) { totalCount } }`), "BAD_USER_INPUT");
      assert.equal(await code(`{ inferences(first: 5, after: "not-a-cursor") { totalCount } }`), "BAD_USER_INPUT");
      assert.equal(await code(`{ account(address: "0x1234") { balance } }`), "BAD_USER_INPUT");
      assert.equal(await code(`{ model(id: 999999) { id } }`), "NOT_FOUND");
      assert.equal(await code(`{ model(id: 1, asOf: { block: ${sim.result.lastBlock + 1000n} }) { id } }`), "BAD_USER_INPUT");
      const unknown = await postGraphql(url, `{ model(id: 999999) { id } }`);
      assert.deepEqual(unknown.data, { model: null }, "an unknown id is null plus NOT_FOUND");
      assert.equal((await queryData<{ _meta: any }>(url, `{ _meta { indexedBlock } }`))._meta.indexedBlock, sim.result.lastBlock.toString());
    });
  });
}
