/**
 * One report in one fresh process, for bench/reports: gathers and renders one format and
 * prints {seconds, peakMb, bytes, sha256, facts, digest} as JSON, so each format's peak memory
 * is its own and two processes can be compared byte for byte.
 */
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { createPublicClient, http } from "viem";
import { readDeployment } from "../contracts-abi/deployment.js";
import { gatherReport } from "../api/reports/gather/gather-report.js";
import type { ReportDb } from "../api/reports/gather/report-db.js";
import { parseReportFormat, renderReport } from "../api/reports/render/render-report.js";

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
const bytes = await renderReport(report, parseReportFormat(formatText));
const seconds = (performance.now() - started) / 1000;
if (out) await writeFile(out, bytes);
await pool.end();
console.log(
  JSON.stringify({
    seconds,
    peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
    bytes: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    facts: report.factCount,
    digest: report.digest.value,
  }),
);
