/** `npm run simulate`: like the hub, but always stops after the summary. */
import { isHubError } from "../../core/errors.js";
import { parseSimulationOptions } from "./options.js";
import { printSummary, runSimulation } from "./run-simulation.js";

const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const options = parseSimulationOptions(process.argv.slice(2));
  const run = await runSimulation(options, log);
  await printSummary(run, options, log);
  await run.devnet.stop();
}

main().catch((error: unknown) => {
  console.error(isHubError(error) ? error.toDisplayString() : error);
  process.exit(1);
});
