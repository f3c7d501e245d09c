/**
 * `npm run report -- model 7 [--as-of N] [--format json|csv|html|pdf] [--out FILE]`: writes a
 * report from the indexer's Postgres database (--database-url, --schema) and the chain
 * (--rpc; addresses from the deployment record, --deployment), as of the indexer's head unless
 * --as-of is given. Progress goes to stderr.
 */
import { parseArgs } from "node:util";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { createPublicClient, http } from "viem";
import { ArtifactStore } from "../../../artifacts/store.js";
import { isHubError } from "../../../core/errors.js";
import { readDeployment } from "../../../contracts-abi/deployment.js";
import { ReportBadRequestError, ReportUnknownKindError } from "../errors.js";
import { gatherReport } from "../gather/gather-report.js";
import type { ReportDb } from "../gather/report-db.js";
import { FILE_EXTENSIONS, parseReportFormat } from "../render/render-report.js";
import { reportKinds, type ReportKind } from "../report.js";
import { writeReportFile } from "./write-report-file.js";

const USAGE = "usage: npm run report -- <model|datanet|account|inference> <id> [--as-of N] [--format json|csv|html|pdf] [--out FILE] --database-url URL [--schema hub] [--rpc URL] [--deployment FILE] [--artifacts DIR]";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "as-of": { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      "database-url": { type: "string" },
      schema: { type: "string", default: "hub" },
      rpc: { type: "string" },
      deployment: { type: "string", default: ".devnet/deployment.json" },
      artifacts: { type: "string" },
    },
  });
  const [kind, id] = positionals;
  if (!kind || !id || !values["database-url"]) {
    console.error(USAGE);
    return 2;
  }
  if (!reportKinds.includes(kind as ReportKind)) throw new ReportUnknownKindError(kind);
  const format = parseReportFormat(values.format);
  const asOfText = values["as-of"];
  if (asOfText !== undefined && !/^\d+$/.test(asOfText)) throw new ReportBadRequestError(`--as-of ${asOfText} is not a block number`, "a decimal block number");
  const deployment = await readDeployment(values.deployment);
  const rpcUrl = values.rpc ?? deployment.rpcUrl;
  const pool = new pg.Pool({ connectionString: values["database-url"], options: `-c search_path=${values.schema}`, max: 4 });
  try {
    const started = performance.now();
    const report = await gatherReport(
      {
        db: drizzle(pool) as unknown as ReportDb,
        client: createPublicClient({ transport: http(rpcUrl, { batch: { batchSize: 500 } }) }),
        rpcUrl,
        chainId: deployment.chainId,
        contracts: deployment.contracts,
        artifacts: values.artifacts ? new ArtifactStore(values.artifacts) : undefined,
        onProgress: (stage) => process.stderr.write(`${stage}…\n`),
      },
      kind as ReportKind,
      id,
      asOfText === undefined ? undefined : BigInt(asOfText),
    );
    const out = values.out ?? `${kind}-${report.subject}-block-${report.asOf.block}.${FILE_EXTENSIONS[format]}`;
    process.stderr.write(`rendering ${format} to ${out}…\n`);
    const written = await writeReportFile(report, format, out);
    console.log(`wrote ${out} (${written.bytes} bytes, ${report.factCount} facts) in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    console.log(`block ${report.asOf.block} ${report.asOf.blockHash}; digest sha-256:${report.digest.value}`);
    console.log(`check it: npm run verify-report -- ${out}${format === "json" || format === "csv" ? "" : " --json <the report's JSON>"} --rpc ${rpcUrl}`);
    return 0;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(isHubError(error) ? error.toDisplayString() : error);
    process.exit(2);
  },
);
