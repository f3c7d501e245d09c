/**
 * `npm run verify-report -- report.json --rpc URL [--json report.json]`: re-checks a report
 * against any node, without the hub. Exit 0 when everything holds, 1 on any failure, 2 when
 * the check could not run (bad file, node down).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { isHubError } from "../../../core/errors.js";
import { readReportFile } from "../verify/read-report.js";
import { verifyClient } from "../verify/verify-client.js";
import { verifyReport } from "../verify/verify-report.js";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { rpc: { type: "string" }, json: { type: "string" }, "batch-size": { type: "string" } },
  });
  const file = positionals[0];
  const rpc = values.rpc;
  if (!file || !rpc) {
    console.error("usage: npm run verify-report -- <report.json|.csv.zip|.html|.pdf> --rpc <URL> [--json report.json]");
    return 2;
  }
  const { report, citedDigest } = readReportFile(new Uint8Array(await readFile(file)), values.json ? new Uint8Array(await readFile(values.json)) : undefined);
  const batchSize = values["batch-size"] ? Number(values["batch-size"]) : undefined;
  const client = verifyClient(rpc, { batchSize });
  const started = performance.now();
  let lastShown = 0;
  const result = await verifyReport(report, {
    client,
    rpcUrl: rpc,
    batchSize,
    citedDigest,
    onProgress: (stage, done, total) => {
      const now = performance.now();
      if (now - lastShown > 500 || done === total) {
        process.stderr.write(`\r${stage}: ${done}/${total}   `);
        lastShown = now;
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write("\n");
  console.log(`${report.kind} ${report.subject} as of block ${report.asOf.block} (${report.asOf.blockHash}), digest sha-256:${report.digest.value}`);
  console.log(`checked ${result.facts} facts, ${result.versions} datanet versions, ${result.proofs} Merkle proofs in ${seconds.toFixed(2)} s`);
  if (result.ok) {
    console.log("OK: every fact, proof and figure matches the chain");
    return 0;
  }
  console.log(`FAILED: ${result.failures.length} problem(s)`);
  for (const f of result.failures) console.log(`- [${f.check}] ${f.subject}: ${f.message}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(isHubError(error) ? error.toDisplayString() : error);
    process.exit(2);
  },
);
