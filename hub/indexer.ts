/**
 * The hub's indexer: Ponder as a child process over the devnet's deployment, PGlite under
 * <dataDir>/ponder/<deploymentId> by default or the Postgres server when DATABASE_URL is set.
 * Everything is keyed by the deployment id so a reset devnet never meets an old cache.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { DEVNET_CHAIN_ID } from "../indexer/config.js";
import type { Deployment } from "../devnet/deployment.js";
import { EMBEDDED_SERVICES_ENV, HUB_DB_DIR_ENV, PONDER_SCHEMA_ENV } from "./embedded-env.js";
import { startPonder, type PonderProcess } from "./ponder-process.js";

export type StartHubIndexerParameters = {
  deployment: Deployment;
  deploymentFile: string;
  dataDir: string;
  databaseUrl?: string;
  log: (line: string) => void;
};

export type HubIndexer = { ponder: PonderProcess; schema: string; where: string; logFile: string };

/**
 * Ponder's RPC cache (schema ponder_sync) is keyed by chain id, and every devnet is chain
 * 31337 with new block hashes: drop it before indexing a fresh devnet on a shared server.
 */
async function dropDevnetRpcCache(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("DROP SCHEMA IF EXISTS ponder_sync CASCADE");
  } finally {
    await client.end();
  }
}

export async function startHubIndexer(parameters: StartHubIndexerParameters): Promise<HubIndexer> {
  const { deployment, dataDir, databaseUrl, log } = parameters;
  const schema = `hub_${deployment.deploymentId}`.replace(/[^a-zA-Z0-9_]/g, "_").slice(0, 45);
  const ponderDir = join(dataDir, "ponder");
  await mkdir(ponderDir, { recursive: true });
  const pgliteDir = join(ponderDir, deployment.deploymentId);
  const logFile = join(ponderDir, `${deployment.deploymentId}.log`);
  if (databaseUrl && deployment.chainId === DEVNET_CHAIN_ID) {
    await dropDevnetRpcCache(databaseUrl);
    log("indexer: dropped the devnet RPC cache (ponder_sync) on the Postgres server");
  }
  const where = databaseUrl ? `Postgres ${databaseUrl.replace(/:[^:@/]*@/, ":***@")} schema ${schema}` : `PGlite ${pgliteDir}`;
  log(`indexer: starting Ponder (${where}), log ${logFile}`);
  const ponder = await startPonder({
    deploymentFile: parameters.deploymentFile,
    schema,
    databaseUrl,
    pgliteDir,
    logFile,
    // The sink and analytics live beside PGlite, in the Ponder process; chDB keyed like PGlite.
    env: {
      [EMBEDDED_SERVICES_ENV]: "1",
      [PONDER_SCHEMA_ENV]: schema,
      ANALYTICS_CHDB_PATH: process.env.ANALYTICS_CHDB_PATH ?? join(dataDir, "chdb", deployment.deploymentId),
      [HUB_DB_DIR_ENV]: join(dataDir, "hub-db", deployment.deploymentId),
      ARTIFACTS_DIR: process.env.ARTIFACTS_DIR ?? join(dataDir, "artifacts"),
    },
  });
  return { ponder, schema, where, logFile };
}
