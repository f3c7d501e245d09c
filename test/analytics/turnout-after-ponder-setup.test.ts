/**
 * Governance turnout when the sink first looks during Ponder's setup, as the embedded hub's sink
 * can: Ponder's setup commits the start block's first position as its checkpoint before it
 * indexes any of that block, and the start block is where OpenToken mints the whole supply. The
 * sink must not take the start block as read then; if it does, the mint never reaches
 * fact_token_transfer (the later rounds read only newer blocks, the re-sync window ends above
 * it) and every proposal answers supply 0, turnout 0. Checked against the chain itself: the
 * supply is OPEN's totalSupply() at the first vote's block, the weights are the governor's
 * proposalVotes(), read from the devnet with viem. Ponder's bookkeeping is the tests' model
 * (test/_setup/ponder-bookkeeping.ts), so the moment is exact rather than a race.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { zeroAddress } from "viem";
import { governanceTurnout } from "../../analytics/queries/index.js";
import { PostgresFactSource, SOURCE_TABLES } from "../../analytics/sink/postgres-source.js";
import { AnalyticsSink } from "../../analytics/sink/sink.js";
import { openGovernorAbi, openTokenAbi } from "../../contracts-abi/generated/index.js";
import { applyMigrations } from "../../migrations/apply.js";
import { assertSinkExact, tempChdb, tempPostgres } from "../_setup/analytics.js";
import { createIndexerShapedTables, indexerRowsOfSimulation, insertIndexerRows, type IndexerRows } from "../_setup/indexer-shaped-tables.js";
import { PonderBookkeeping } from "../_setup/ponder-bookkeeping.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "../_setup/simulated-devnet.js";

const SCHEMA = "ponder_turnout_setup";

let sim: SimulatedDevnet;
let rows: IndexerRows;
let pgDb: Awaited<ReturnType<typeof tempPostgres>>;

before(async () => {
  // The simulation test/hub-http.test.ts runs: 77 blocks, two proposals voted from block 14.
  sim = await startSimulatedDevnet({ seed: "http-hardening", scale: "small", dishonestShare: 0.1 });
  rows = await indexerRowsOfSimulation(sim);
  pgDb = await tempPostgres();
});
after(async () => {
  await pgDb?.cleanup();
  await sim?.stop();
});

test("a sink that first looks during Ponder's setup still reads the start block: supply = totalSupply() at the vote, turnout = weight / supply", async () => {
  const client = sim.devnet.writer.client;
  const startBlock = BigInt(sim.devnet.deployment.startBlock);
  const mints = rows.token_transfer.filter((r) => r.from === zeroAddress);
  assert.deepEqual(mints.map((r) => BigInt(String(r.block_number))), [startBlock], "the initial mint is the start block's");
  // The default window (64 blocks) ends above the start block once the chain is past it.
  assert.ok(sim.result.lastBlock - 64n > startBlock, `the simulation reaches block ${sim.result.lastBlock}`);
  const votedAt = Math.min(...rows.vote.map((v) => Number(v.block_number)));
  assert.ok(BigInt(votedAt) > startBlock);

  await createIndexerShapedTables(pgDb.pool, SCHEMA);
  const ponder = new PonderBookkeeping(pgDb.pool, SCHEMA, SOURCE_TABLES);
  await ponder.create();
  const source = new PostgresFactSource(pgDb.pool, SCHEMA);
  const { store, cleanup } = await tempChdb();
  try {
    await applyMigrations({ analytics: store });
    const sink = new AnalyticsSink({ store, source });
    // Ponder's setup is committed, its first batch is not: the sink's first look.
    const start = await client.getBlock({ blockNumber: startBlock });
    await ponder.setup(startBlock, Number(start.timestamp));
    await sink.pollOnce();
    assert.ok(sink.lag().syncedBlock < startBlock, `synced block ${sink.lag().syncedBlock}: the start block is not indexed yet`);

    // The first historical batch: every block to the end, in one commit.
    await insertIndexerRows(pgDb.pool, SCHEMA, rows);
    const last = await client.getBlock({ blockNumber: sim.result.lastBlock });
    await ponder.commitBlock(last.number, Number(last.timestamp), []);
    const caughtUp = await sink.pollOnce();
    assert.ok(caughtUp && caughtUp.from <= startBlock, `the round after setup reads from block ${caughtUp?.from}`);
    await sink.pollOnce(); // the head stopped: the window re-sync
    assert.equal(sink.lag().syncedBlock, sim.result.lastBlock);
    await assertSinkExact(store, source);

    const turnout = await governanceTurnout(store, { range: { from: 0, to: 4294967295 } });
    assert.equal(turnout.length, new Set(rows.vote.map((v) => String(v.proposal_id))).size);
    assert.ok(turnout.length > 0);
    for (const t of turnout) {
      const at = BigInt(t.firstVoteBlock);
      const supply = await client.readContract({ address: sim.devnet.deployment.contracts.OpenToken, abi: openTokenAbi, functionName: "totalSupply", blockNumber: at });
      assert.ok(supply > 0n);
      assert.equal(BigInt(t.supply), supply, `proposal ${t.proposalId}: supply at block ${at}`);
      const [against, forVotes, abstain] = await client.readContract({ address: sim.devnet.deployment.contracts.OpenGovernor, abi: openGovernorAbi, functionName: "proposalVotes", args: [BigInt(t.proposalId)] });
      assert.deepEqual([t.againstWeight, t.forWeight, t.abstainWeight].map(BigInt), [against, forVotes, abstain], `proposal ${t.proposalId}: weights`);
      const total = against + forVotes + abstain;
      assert.equal(BigInt(t.totalWeight), total);
      assert.equal(t.turnout, Number((total * 1_000_000n) / supply) / 1_000_000, `proposal ${t.proposalId}: turnout`);
      assert.ok(t.turnout > 0 && t.turnout <= 1, `turnout ${t.turnout}`);
    }
  } finally {
    await cleanup();
  }
});
