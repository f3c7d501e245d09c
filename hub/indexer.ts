/**
 * The hub's indexer: Ponder as a child process over the devnet's deployment, PGlite under
 * <dataDir>/ponder/<deploymentId> by default or the Postgres server when DATABASE_URL is set.
 * Everything is keyed by the deployment id so a reset devnet never meets an old cache.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { componentLogger } from "../core/logger.js";
import { errorListener } from "../core/metrics/index.js";
import { DEVNET_CHAIN_ID } from "../indexer/config.js";
import type { Deployment } from "../contracts-abi/deployment.js";
import { startPonder, type PonderProcess } from "./ponder-process.js";

export type StartHubIndexerParameters = {
  deployment: Deployment;
  deploymentFile: string;
  dataDir: string;
  databaseUrl?: string;
  /** What runs inside the Ponder process besides Ponder (hub/in-ponder/services.ts). */
  role: "embedded" | "indexer";
  /** chDB folder and artifact store of the embedded writers (the configuration's, else under dataDir). */
  chdbPath?: string;
  artifactsDir?: string;
  log: (line: string) => void;
};

export type HubIndexer = { ponder: PonderProcess; schema: string; where: string; logFile: string };

/**
 * Ponder's RPC cache (schema ponder_sync) is keyed by chain id, and every devnet is chain
 * 31337 with new block hashes: drop it before indexing a fresh devnet on a shared server.
 */
async function dropDevnetRpcCache(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", errorListener(componentLogger("indexer"), "dropping the devnet RPC cache"));
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
    // Embedded: the sink and the replay worker live beside PGlite, in the Ponder process; chDB keyed like PGlite.
    env: {
      HUB_PONDER_ROLE: parameters.role,
      ANALYTICS_CHDB_PATH: parameters.chdbPath ?? join(dataDir, "chdb", deployment.deploymentId),
      HUB_DB_DIR: join(dataDir, "hub-db", deployment.deploymentId),
      ARTIFACTS_DIR: parameters.artifactsDir ?? join(dataDir, "artifacts"),
    },
  });
  return { ponder, schema, where, logFile };
}
