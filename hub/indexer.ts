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
import { freeLoopbackPort } from "../devnet/anvil.js";
import { tidyDataFolders } from "./data-folders.js";
import { preparePgliteFolder } from "./shared/durable-pglite.js";
import { releaseDeadPonderLock } from "./ponder-lock.js";
import { startPonder, type PonderProcess } from "./ponder-process.js";
import { PonderSupervisor } from "./ponder-supervisor.js";
import { dropSchemaWithoutPonderRecord, type DroppedSchema } from "./ponder-schema-record.js";
import { describeRecovery, encodeRecovery, recoveryConsequence, STORE_RECOVERY_ENV, type StoreRecoveryReport } from "./shared/store-recovery.js";
import { encodeRestarts, SUPERVISION_ENV } from "./shared/supervision-report.js";

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
  /** More environment for the Ponder process (settings of the code that runs inside it); an empty value unsets. */
  env?: Record<string, string>;
  /** Liveness probing of the Ponder process (hub/ponder-supervisor.ts); defaults there. */
  supervision?: { probeIntervalMs?: number; probeTimeoutMs?: number; unresponsiveAfterMs?: number; killGraceMs?: number; maxRestarts?: number };
};

export type HubIndexer = {
  /** The Ponder process now running (another one after a restart). */
  readonly ponder: PonderProcess;
  supervisor: PonderSupervisor;
  schema: string;
  where: string;
  logFile: string;
  /** Ponder's /ready, followed across restarts (a replaced process's wait moves to the new one). */
  waitReady(): Promise<void>;
  /** Every chain indexed to `block`, followed across restarts. */
  waitForBlock(block: bigint): Promise<void>;
  stop(): Promise<void>;
};

/** Runs `wait` on the current Ponder; when that one is replaced meanwhile, on the new one. */
async function acrossRestarts(supervisor: PonderSupervisor, wait: (ponder: PonderProcess) => Promise<void>): Promise<void> {
  for (;;) {
    const ponder = supervisor.ponder;
    try {
      return await wait(ponder);
    } catch (error) {
      await supervisor.settled();
      if (supervisor.ponder === ponder || supervisor.hasFailed) throw error;
    }
  }
}

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
  const folders = await tidyDataFolders(dataDir, deployment.deploymentId);
  if (folders.resumed.length > 0) log(`data: resuming deployment ${deployment.deploymentId} (${folders.resumed.join(", ")})`);
  if (folders.removed.length > 0) log(`data: removed ${folders.removed.length} folders of earlier deployments no longer used (${folders.removed.join(", ")})`);
  const hubDbDir = join(dataDir, "hub-db", deployment.deploymentId);
  const port = await freeLoopbackPort();
  const supervisor = await PonderSupervisor.start({
    ...parameters.supervision,
    log,
    // Before every (re)start the embedded folders are made openable here, so that Ponder never
    // runs initdb itself (a SIGKILL then breaks a PGlite folder for good) and a broken one is
    // rebuilt and reported.
    start: async (restarts) => {
      const recovery: StoreRecoveryReport = {};
      if (!databaseUrl) {
        // Only after the previous Ponder is gone (the supervisor stopped it): the lock is stale.
        let dropped: DroppedSchema | undefined;
        recovery.indexer = await preparePgliteFolder(pgliteDir, async (db) => {
          dropped = await dropSchemaWithoutPonderRecord(db, schema);
          if (!dropped && (await releaseDeadPonderLock(db, schema))) log("indexer: released the schema lock of the Ponder process that is gone");
        });
        if (dropped) {
          recovery.indexer.repaired = `schema ${dropped.schema} held ${dropped.relations} relations but not Ponder's record of them (lost in a crash); dropped it, ${recoveryConsequence("indexer")}`;
          log(`indexer: ${recovery.indexer.repaired}`);
        }
        recovery.replay = await preparePgliteFolder(hubDbDir);
      }
      for (const [store, r] of Object.entries(recovery)) if (r.outcome === "rebuilt") log(`indexer: ${describeRecovery(store as "indexer" | "replay", r)}`);
      return startPonder({
        deploymentFile: parameters.deploymentFile,
        schema,
        databaseUrl,
        pgliteDir,
        logFile,
        port,
        killGraceMs: parameters.supervision?.killGraceMs,
        // The sink and analytics live beside PGlite, in the Ponder process; chDB keyed like PGlite.
        env: {
          HUB_PONDER_ROLE: parameters.role,
          ANALYTICS_CHDB_PATH: parameters.chdbPath ?? join(dataDir, "chdb", deployment.deploymentId),
          HUB_DB_DIR: hubDbDir,
          ARTIFACTS_DIR: parameters.artifactsDir ?? join(dataDir, "artifacts"),
          [STORE_RECOVERY_ENV]: encodeRecovery(recovery),
          [SUPERVISION_ENV]: encodeRestarts(restarts),
          ...parameters.env,
        },
      });
    },
  });
  return {
    get ponder() {
      return supervisor.ponder;
    },
    supervisor,
    schema,
    where,
    logFile,
    waitReady: () => acrossRestarts(supervisor, (p) => p.waitReady()),
    waitForBlock: (block) => acrossRestarts(supervisor, (p) => p.waitForBlock(block)),
    stop: () => supervisor.stop(),
  };
}
