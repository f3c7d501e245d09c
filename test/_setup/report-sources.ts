/**
 * One small simulated chain and one real indexer (Ponder on the Postgres server) for the report
 * tests, and the report sources over them: a Drizzle client on the indexer's schema, the RPC,
 * the deployment's addresses and the simulation's artifact store.
 */
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { PublicClient } from "viem";
import type { ReportSources } from "../../api/reports/gather/gather-report.js";
import type { ReportDb } from "../../api/reports/gather/report-db.js";
import { verifyClient } from "../../api/reports/verify/verify-client.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "./simulated-devnet.js";
import { startTestIndexer, type TestIndexer } from "./ponder-indexer.js";

export type ReportWorld = {
  sim: SimulatedDevnet;
  indexer: TestIndexer;
  pool: pg.Pool;
  db: ReportDb;
  client: PublicClient;
  sources: ReportSources;
  stop(): Promise<void>;
};

export function reportClient(rpcUrl: string): PublicClient {
  return verifyClient(rpcUrl);
}

export async function startReportWorld(seed = "12"): Promise<ReportWorld> {
  const sim = await startSimulatedDevnet({ seed, scale: "small" });
  let indexer: TestIndexer | undefined;
  try {
    indexer = await startTestIndexer({ deploymentFile: sim.deploymentFile, store: "postgres" });
    await indexer.ponder.waitForBlock(sim.result.lastBlock);
    const pool = new pg.Pool({ connectionString: indexer.databaseUrl, options: `-c search_path=${indexer.schema}`, max: 4 });
    const db = drizzle(pool) as unknown as ReportDb;
    const client = reportClient(sim.devnet.rpcUrl);
    const sources: ReportSources = {
      db,
      client,
      rpcUrl: sim.devnet.rpcUrl,
      chainId: sim.devnet.chainId,
      contracts: sim.devnet.deployment.contracts,
      artifacts: sim.store,
    };
    const started = indexer;
    return {
      sim,
      indexer,
      pool,
      db,
      client,
      sources,
      async stop() {
        await pool.end();
        await started.dispose();
        await sim.stop();
      },
    };
  } catch (error) {
    await indexer?.dispose();
    await sim.stop();
    throw error;
  }
}
