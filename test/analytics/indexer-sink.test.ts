/**
 * The sink over the real indexer (Ponder on the Postgres server; the sink reads while Ponder
 * runs, which PGlite does not allow): after the small simulation ClickHouse (chDB) equals the
 * indexer's tables one to one; through reorgs at several depths, with the sink syncing both
 * the orphaned branch and the new canonical one, it ends exact with nothing orphaned left;
 * and after the indexer and the sink are both SIGKILLed mid-sync and restarted it ends exact.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { keccak256, parseEther, toHex, type Address } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import pg from "pg";
import { PostgresFactSource } from "../../analytics/sink/postgres-source.js";
import { reconcileFacts } from "../../analytics/sink/reconcile.js";
import { AnalyticsSink } from "../../analytics/sink/sink.js";
import { ChdbStore } from "../../analytics/store/chdb-store.js";
import type { AnalyticsStore } from "../../analytics/store/store.js";
import { datanetRegistryAbi, openTokenAbi } from "../../contracts-abi/generated/index.js";
import { ChainWriter } from "../../devnet/chain-writer.js";
import { applyMigrations } from "../../migrations/apply.js";
import { assertSinkExact, tempChdb } from "../_setup/analytics.js";
import { startTestIndexer, TEST_POSTGRES_URL, type TestIndexer } from "../_setup/ponder-indexer.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "../_setup/simulated-devnet.js";

/** A pool on the indexer's own database (startTestIndexer makes one per test). */
async function indexerPool(indexer: TestIndexer): Promise<pg.Pool> {
  const [row] = await indexer.query<{ db: string }>("SELECT current_database() AS db");
  const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL.replace(/\/[^/]*$/, `/${row!.db}`), max: 3 });
  pool.on("error", () => undefined); // idle clients die when the test database is dropped
  return pool;
}

/**
 * Ponder's /status can name a block before a reorg's new branch is committed: wait until the
 * branch's last block has its transfer row (every mined block here has one).
 */
async function waitForRows(pool: pg.Pool, schema: string, block: bigint) {
  for (let i = 0; i < 600; i++) {
    const r = await pool.query<{ b: string | null }>(`SELECT max(block_number)::text AS b FROM "${schema}".token_transfer`);
    if (BigInt(r.rows[0]?.b ?? "0") >= block) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the indexer did not reach block ${block} within 60 s`);
}

/** Waits until the followed tables stop changing (a reorg's tables do not all settle at once). */
async function waitForQuiet(pool: pg.Pool, schema: string) {
  const tables = ["inference", "attribution_share", "reward", "contribution", "contribution_status_change", "vote", "token_transfer"];
  const sql = tables.map((t) => `(SELECT md5(coalesce(string_agg(id::text || transaction_hash || block_number::text, ',' ORDER BY id), '')) FROM "${schema}".${t})`).join(" || ");
  let last = "";
  for (let i = 0; i < 100; i++) {
    const now = (await pool.query<{ h: string }>(`SELECT ${sql} AS h`)).rows[0]!.h;
    if (now === last) return;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 700));
  }
}

/**
 * The indexer settles on its own schedule (after a reorg its tables do not all change in one
 * commit; after a crash Ponder may rebuild them): poll as the running sink does (its change
 * check, then the new blocks, or the window after a reorg), compare, and repeat until ClickHouse
 * equals Postgres or 60 s pass. The sink's promise is that it converges, never that Ponder is done.
 */
async function syncUntilExact(sink: AnalyticsSink, store: AnalyticsStore, source: PostgresFactSource) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await sink.pollOnce();
      const report = await reconcileFacts(store, source);
      if (report.every((r) => r.missing.length === 0 && r.extra.length === 0 && r.duplicated.length === 0)) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await assertSinkExact(store, source);
}

async function mineBranch(sim: SimulatedDevnet, label: string, blocks: number): Promise<Address[]> {
  const writer = new ChainWriter({ rpcUrl: sim.devnet.rpcUrl, manualMining: true });
  const { deployment, deployer } = sim.devnet;
  const recipients: Address[] = [];
  for (let i = 0; i < blocks; i++) {
    const recipient = privateKeyToAddress(keccak256(toHex(`${label}-recipient-${i}`)));
    recipients.push(recipient);
    await writer.write(deployer, { address: deployment.contracts.OpenToken, abi: openTokenAbi, functionName: "transfer", args: [recipient, parseEther(String(i + 1))] });
    const contentHash = keccak256(toHex(`${label}-content-${i}`));
    await writer.write(deployer, { address: deployment.contracts.DatanetRegistry, abi: datanetRegistryAbi, functionName: "submitContribution", args: [1n, contentHash, BigInt(100 + i), `cas://${contentHash}`] });
    await writer.mine();
  }
  return recipients;
}

describe("analytics sink over the real indexer (Postgres server)", () => {
  let sim: SimulatedDevnet;
  before(async () => {
    sim = await startSimulatedDevnet({ seed: "11", scale: "small" });
  });
  after(async () => sim?.stop());

  test("reconciliation, then reorgs at depths 3, 9, 20: ClickHouse ends equal to the indexer's tables", async () => {
    const indexer = await startTestIndexer({ deploymentFile: sim.deploymentFile, store: "postgres" });
    const chdb = await tempChdb();
    let pool: pg.Pool | undefined;
    const rpc = (method: string, params: unknown[] = []) => sim.devnet.writer.client.request({ method: method as never, params: params as never }) as Promise<unknown>;
    try {
      await applyMigrations({ analytics: chdb.store });
      await indexer.ponder.waitForBlock(sim.result.lastBlock);
      pool = await indexerPool(indexer);
      const source = new PostgresFactSource(pool, indexer.schema);
      const sink = new AnalyticsSink({ store: chdb.store, source, chunkBlocks: 40n });
      await sink.syncOnce();
      const report = await assertSinkExact(chdb.store, source);
      assert.ok(report.find((r) => r.fact === "inference")!.live > 20);
      console.log(`reconciled: ${report.map((r) => `${r.fact}=${r.live}`).join(" ")}`);

      const orphans: string[] = [];
      for (const [round, depth] of [3, 9, 20].entries()) {
        const snapshot = await rpc("evm_snapshot");
        orphans.push(...(await mineBranch(sim, `orphan-${round}`, depth)).map((a) => a.toLowerCase()));
        await indexer.ponder.waitForBlock(await sim.devnet.writer.client.getBlockNumber());
        await waitForRows(pool, indexer.schema, await sim.devnet.writer.client.getBlockNumber());
        await waitForQuiet(pool, indexer.schema);
        await syncUntilExact(sink, chdb.store, source); // ClickHouse now holds the branch that is about to be orphaned
        const resyncsBefore = sink.activitySnapshot().resyncs;
        const [held] = await chdb.store.query<{ n: number }>("SELECT count() AS n FROM (SELECT * FROM fact_token_transfer FINAL) WHERE deleted = 0 AND has({a:Array(String)}, to_address)", { a: orphans });
        assert.ok(Number(held!.n) > 0, `depth ${depth}: the orphan branch reached ClickHouse`);
        await rpc("evm_revert", [snapshot]);
        await mineBranch(sim, `canonical-${round}`, depth + 2);
        await indexer.ponder.waitForBlock(await sim.devnet.writer.client.getBlockNumber());
        await waitForRows(pool, indexer.schema, await sim.devnet.writer.client.getBlockNumber());
        await waitForQuiet(pool, indexer.schema);
        await syncUntilExact(sink, chdb.store, source);
        await assertSinkExact(chdb.store, source);
        assert.ok(sink.activitySnapshot().resyncs > resyncsBefore, `depth ${depth}: the change check noticed the reorg`);
        // The sink's promise is ClickHouse = Postgres: an orphaned transfer survives in ClickHouse
        // exactly when the indexer still holds it (none once Ponder has followed the reorg).
        const [left] = await chdb.store.query<{ n: number }>("SELECT count() AS n FROM (SELECT * FROM fact_token_transfer FINAL) WHERE deleted = 0 AND has({a:Array(String)}, to_address)", { a: orphans });
        const inPostgres: pg.QueryResult<{ n: number }> = await pool!.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${indexer.schema}".token_transfer WHERE "to" = ANY($1)`, [orphans]);
        assert.equal(Number(left!.n), inPostgres.rows[0]!.n, `depth ${depth}: orphaned transfers in ClickHouse = in Postgres`);
        if (inPostgres.rows[0]!.n > 0) console.log(`note: depth ${depth}: the indexer still holds ${inPostgres.rows[0]!.n} orphaned transfers`);
      }
      assert.equal(sink.lag().blocks, 0n);
      // at rest: polls read nothing beyond the change check
      const settled = sink.activitySnapshot();
      for (let i = 0; i < 3; i++) await sink.pollOnce();
      assert.equal(sink.activitySnapshot().rowsReadTotal, settled.rowsReadTotal);
    } finally {
      await pool?.end();
      await chdb.cleanup();
      await indexer.dispose();
    }
  });

  test("SIGKILL: the indexer and the sink killed mid-sync, restarted, end exact", async () => {
    const indexer = await startTestIndexer({ deploymentFile: sim.deploymentFile, store: "postgres" });
    const chdb = await tempChdb();
    await applyMigrations({ analytics: chdb.store });
    await chdb.store.close();
    try {
      const dbName = (await indexer.query<{ db: string }>("SELECT current_database() AS db"))[0]!.db;
      const pgUrl = TEST_POSTGRES_URL.replace(/\/[^/]*$/, `/${dbName}`);
      // kill the indexer part-way through its backfill, with a sink process following it
      await new Promise((r) => setTimeout(r, 1500));
      const child = spawn(process.execPath, ["--import", "tsx", new URL("../../analytics/sink/_test/sink-child.ts", import.meta.url).pathname, JSON.stringify({ chdbPath: chdb.path, pgUrl, pgSchema: indexer.schema, chunk: "2" })], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      const exited = new Promise((resolve) => child.on("exit", resolve));
      await new Promise((r) => setTimeout(r, 800));
      await indexer.ponder.kill();
      child.kill("SIGKILL");
      await exited;
      await indexer.restart();
      await indexer.ponder.waitForBlock(sim.result.lastBlock);
      const store = await ChdbStore.open(chdb.path, "analytics");
      const pool = await indexerPool(indexer);
      try {
        const source = new PostgresFactSource(pool, indexer.schema);
        await syncUntilExact(new AnalyticsSink({ store, source, chunkBlocks: 40n }), store, source);
        await assertSinkExact(store, source);
      } finally {
        await pool.end();
        await store.close();
      }
    } finally {
      await chdb.cleanup();
      await indexer.dispose();
    }
  });
});
