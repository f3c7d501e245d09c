/**
 * One report in one fresh process, for bench/reports: gathers it and writes one format as the
 * CLI does (streamed to the file), and prints {seconds, peakMb, bytes, sha256, facts, digest}
 * as JSON, so each format's peak memory is its own and two processes can be compared byte for
 * byte.
 */
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { createPublicClient, http } from "viem";
import { readDeployment } from "../contracts-abi/deployment.js";
import { gatherReport } from "../api/reports/gather/gather-report.js";
import type { ReportDb } from "../api/reports/gather/report-db.js";
import { writeReportFile } from "../api/reports/cli/write-report-file.js";
import { parseReportFormat } from "../api/reports/render/render-report.js";

const [databaseUrl, schema, deploymentFile, modelId, asOf, formatText, out] = process.argv.slice(2);
const deployment = await readDeployment(deploymentFile);
const pool = new pg.Pool({ connectionString: databaseUrl, options: `-c search_path=${schema}`, max: 4 });
const started = performance.now();
const report = await gatherReport(
  {
    db: drizzle(pool) as unknown as ReportDb,
    client: createPublicClient({ transport: http(deployment.rpcUrl, { batch: { batchSize: 500 } }) }),
    rpcUrl: deployment.rpcUrl,
    chainId: deployment.chainId,
    contracts: deployment.contracts,
  },
  "model",
  modelId!,
  BigInt(asOf!),
);
const written = await writeReportFile(report, parseReportFormat(formatText), out!);
const seconds = (performance.now() - started) / 1000;
await pool.end();
console.log(
  JSON.stringify({
    seconds,
    peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
    bytes: written.bytes,
    sha256: written.sha256,
    facts: report.factCount,
    digest: report.digest.value,
  }),
);
