/**
 * `npm run hub`: the devnet with the protocol deployed and simulated activity, then it keeps
 * the chain serving until Ctrl-C (`--exit` stops after the summary).
 */
import { isHubError } from "../../core/errors.js";
import { parseSimulationOptions } from "./options.js";
import { printSummary, runSimulation } from "./run-simulation.js";

const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const options = parseSimulationOptions(process.argv.slice(2));
  const run = await runSimulation(options, log);
  await printSummary(run, options, log);
  if (options.exitWhenDone) {
    await run.devnet.stop();
    return;
  }
  log("");
  log(`RPC ${run.devnet.rpcUrl} is serving the chain. Ctrl-C stops it.`);
  const stop = async () => {
    await run.devnet.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(isHubError(error) ? error.toDisplayString() : error);
  process.exit(1);
});
