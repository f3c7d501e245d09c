/**
 * `npm run hub`: the composition root of the embedded mode. The devnet with the protocol
 * deployed and simulated activity, indexed by Ponder (a child process that also hosts the sink
 * and the replay worker beside its PGlite: role "embedded"), served until Ctrl-C (`--exit`
 * stops once the sink and the replay are done). `--servers` starts the server topology instead
 * (hub/cli/servers.ts).
 */
import { deprecatedNamesInUse, hubEnv } from "../../core/config/index.js";
import { isHubError } from "../../core/errors.js";
import { configureRootLogger } from "../../core/logger.js";
import { parseSimulationOptions } from "../../devnet/cli/options.js";
import { printSummary, runSimulation, type SimulationRun } from "../../devnet/cli/run-simulation.js";
import { startHubIndexer, type HubIndexer } from "../indexer.js";
import { followEmbeddedServices } from "../service-progress.js";
import type { Topology } from "../topology.js";
import { runServers, takeServerOptions } from "./servers.js";

const log = (line: string) => console.log(line);

let run: SimulationRun | undefined;
let indexer: HubIndexer | undefined;
let topology: Topology | undefined;
let stopping = false;

async function shutdown(): Promise<void> {
  stopping = true;
  await topology?.stop();
  await indexer?.stop();
  await run?.devnet.stop();
}

async function main(): Promise<void> {
  const env = hubEnv();
  configureRootLogger(env);
  for (const d of deprecatedNamesInUse()) log(`config: ${d.name} is deprecated; set ${d.use} instead`);
  const server = takeServerOptions(process.argv.slice(2));
  const options = parseSimulationOptions(server.rest, env);
  run = await runSimulation(options, log);
  await printSummary(run, options, log);
  if (server.servers) {
    log("");
    topology = await runServers(run, options, server, env, log);
    if (options.exitWhenDone) return shutdown();
    log("");
    log(`RPC ${run.devnet.rpcUrl} is serving the chain. Ctrl-C stops every process.`);
    const stopAll = async () => {
      await shutdown();
      process.exit(0);
    };
    process.on("SIGINT", stopAll);
    process.on("SIGTERM", stopAll);
    return;
  }
  log("");
  const started = performance.now();
  indexer = await startHubIndexer({
    deployment: run.devnet.deployment,
    deploymentFile: options.deploymentFile,
    dataDir: options.dataDir,
    databaseUrl: env.DATABASE_URL,
    role: "embedded",
    chdbPath: env.ANALYTICS_CHDB_PATH,
    artifactsDir: env.ARTIFACTS_DIR,
    log,
  });
  await indexer.waitReady();
  await indexer.waitForBlock(run.result.lastBlock);
  log(`indexer: caught up to block ${run.result.lastBlock} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const progress = await followEmbeddedServices(indexer.ponder.url, run.result.lastBlock, run.result.inferences, log);
  if (progress) {
    const verdicts = Object.entries(progress.byVerdict).map(([k, n]) => `${k} ${n}`).join(", ");
    log(`replay: ${progress.verdicts} verdicts on ${progress.provider} (${verdicts}); flagged: ${indexer.ponder.url}/replay/verdicts?flagged=1`);
  } else {
    log(`analytics/replay did not finish in time; see ${indexer.ponder.url}/hub/status and ${indexer.logFile}`);
  }
  log("");
  log(`GraphQL    ${indexer.ponder.graphqlUrl}`);
  log(`analytics  ${indexer.ponder.url}/analytics/top-contributors?limit=5  (also inference-volume, attribution-concentration, datanet-usage, governance-turnout, lag)`);
  log(`replay     ${indexer.ponder.url}/replay/status`);
  log(`status     ${indexer.ponder.url}/hub/status (lag against the chain head, stores, restarts), ${indexer.ponder.url}/hub/ready, ${indexer.ponder.url}/status (Ponder)`);
  log(`SQL client ${indexer.ponder.url}/sql (@ponder/client protocol; GET it for the endpoints; off on embedded PGlite unless HUB_SQL=on)`);
  if (options.exitWhenDone) {
    await shutdown();
    return;
  }
  log("");
  log(`RPC ${run.devnet.rpcUrl} is serving the chain. Ctrl-C stops it.`);
  const stop = async () => {
    await shutdown();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // The supervisor restarts a Ponder that exits or stops answering; when it gives up, so do we.
  void indexer.supervisor.failed.then(async (reason) => {
    if (stopping) return;
    console.error(`indexer: ${reason}; see ${indexer?.logFile}`);
    await run?.devnet.stop();
    process.exit(1);
  });
}

main().catch(async (error: unknown) => {
  console.error(isHubError(error) ? error.toDisplayString() : error);
  await shutdown().catch(() => undefined);
  process.exit(1);
});
