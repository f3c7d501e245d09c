/**
 * `npm run hub`: the devnet with the protocol deployed and simulated activity, indexed by
 * Ponder (a child process) and served over GraphQL until Ctrl-C (`--exit` stops once the
 * indexer has caught up).
 */
import { isHubError } from "../../core/errors.js";
import { DEFAULT_DEPLOYMENT_FILE } from "../deployment.js";
import { startHubIndexer, type HubIndexer } from "../../hub/indexer.js";
import { followEmbeddedServices } from "../../hub/service-progress.js";
import { parseSimulationOptions } from "./options.js";
import { printSummary, runSimulation, type SimulationRun } from "./run-simulation.js";

const log = (line: string) => console.log(line);

let run: SimulationRun | undefined;
let indexer: HubIndexer | undefined;
let stopping = false;

async function shutdown(): Promise<void> {
  stopping = true;
  await indexer?.ponder.stop();
  await run?.devnet.stop();
}

async function main(): Promise<void> {
  const options = parseSimulationOptions(process.argv.slice(2));
  run = await runSimulation(options, log);
  await printSummary(run, options, log);
  log("");
  const started = performance.now();
  indexer = await startHubIndexer({
    deployment: run.devnet.deployment,
    deploymentFile: DEFAULT_DEPLOYMENT_FILE,
    dataDir: options.dataDir,
    databaseUrl: process.env.DATABASE_URL,
    log,
  });
  await indexer.ponder.waitReady();
  await indexer.ponder.waitForBlock(run.result.lastBlock);
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
  log(`status     ${indexer.ponder.url}/status (indexer), ${indexer.ponder.url}/hub/status (sink lag, errors), SQL client ${indexer.ponder.url}/sql`);
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
  // A Ponder that dies on its own takes the hub down with a pointer to its log.
  void indexer.ponder.exited.then(async (code) => {
    if (stopping) return;
    console.error(`indexer: Ponder exited (code ${code}); see ${indexer?.logFile}`);
    await run?.devnet.stop();
    process.exit(1);
  });
}

main().catch(async (error: unknown) => {
  console.error(isHubError(error) ? error.toDisplayString() : error);
  await shutdown().catch(() => undefined);
  process.exit(1);
});
