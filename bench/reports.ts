/**
 * `npm run bench -- reports [--scale large|medium|small] [--seed S]`: the report of the model
 * with the most inferences, as of the head, in each format, each in a fresh process (generation
 * time and that process's peak RSS), each format twice to check the bytes are identical; then
 * `verify` of the JSON against the local devnet (facts per second, and seconds per stage).
 * Last line: BENCH reports facts=… json_s=… pdf_s=… peak_mb=… verify_fps=… deterministic=0|1
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { promisify } from "node:util";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { desc } from "ponder";
import { parseScale } from "../devnet/simulator/scale.js";
import { model } from "../schema/models.js";
import { PROJECT_ROOT } from "../hub/ponder-process.js";
import { reportFormats } from "../api/reports/render/render-report.js";
import { parseReportJson } from "../api/reports/verify/read-report.js";
import { verifyReport } from "../api/reports/verify/verify-report.js";
import { startSimulatedDevnet } from "../test/_setup/simulated-devnet.js";
import { startTestIndexer } from "../test/_setup/ponder-indexer.js";
import { reportClient } from "../test/_setup/report-sources.js";
import { printTable } from "./_table.js";

const run = promisify(execFile);
const { values } = parseArgs({ options: { scale: { type: "string", default: "large" }, seed: { type: "string", default: "bench" } } });
const scale = parseScale(values.scale!);
type WorkerResult = { seconds: number; peakMb: number; bytes: number; sha256: string; facts: number; digest: string };

let t = performance.now();
const sim = await startSimulatedDevnet({ seed: values.seed, scale });
console.error(`simulated ${scale}: ${sim.result.inferences} inferences, blocks ${sim.result.firstBlock}..${sim.result.lastBlock} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
const indexer = await startTestIndexer({ deploymentFile: sim.deploymentFile, store: "postgres" });
try {
  t = performance.now();
  await indexer.ponder.waitForBlock(sim.result.lastBlock, 3_600_000);
  console.error(`indexed in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const pool = new pg.Pool({ connectionString: indexer.databaseUrl, options: `-c search_path=${indexer.schema}`, max: 2 });
  const [largest] = await drizzle(pool).select({ id: model.id, inferences: model.inferenceCount }).from(model).orderBy(desc(model.inferenceCount)).limit(1);
  await pool.end();
  const asOf = sim.result.lastBlock.toString();
  const dir = sim.dataDir;
  const results: Record<string, WorkerResult[]> = {};
  for (const format of reportFormats) {
    results[format] = [];
    for (const attempt of [1, 2]) {
      const out = join(dir, `model.${attempt}.${format}`);
      const { stdout } = await run(join(PROJECT_ROOT, "node_modules/.bin/node"), ["--import", "tsx", "bench/_report-worker.ts", indexer.databaseUrl!, indexer.schema, sim.deploymentFile, largest!.id.toString(), asOf, format, out], { cwd: PROJECT_ROOT, maxBuffer: 1 << 24 });
      results[format]!.push(JSON.parse(stdout.trim().split("\n").pop()!) as WorkerResult);
      console.error(`${format} #${attempt}: ${results[format]!.at(-1)!.seconds.toFixed(2)} s`);
    }
  }
  const deterministic = reportFormats.every((f) => results[f]![0]!.sha256 === results[f]![1]!.sha256);
  const report = parseReportJson(await readFile(join(dir, "model.1.json"), "utf8"));
  const client = reportClient(sim.devnet.rpcUrl);
  t = performance.now();
  const verified = await verifyReport(report, { client, rpcUrl: sim.devnet.rpcUrl, onProgress: (stage, done, total) => process.stderr.write(`\rverify ${stage} ${done}/${total}   `) });
  const verifySeconds = (performance.now() - t) / 1000;
  process.stderr.write("\n");
  const facts = report.factCount;
  console.log(`\nmodel ${largest!.id} (${largest!.inferences} inferences) of the ${scale} simulation as of block ${asOf}: ${facts} facts, ${report.merkleProofs.reduce((n, v) => n + v.leaves.length, 0)} Merkle proofs\n`);
  printTable(
    ["format", "seconds (1st)", "seconds (2nd)", "peak MB", "bytes", "identical"],
    reportFormats.map((f) => {
      const [a, b] = results[f]!;
      return [f, a!.seconds.toFixed(2), b!.seconds.toFixed(2), String(Math.max(a!.peakMb, b!.peakMb)), String(a!.bytes), a!.sha256 === b!.sha256 ? "yes" : "NO"];
    }),
  );
  const fps = facts / verifySeconds;
  const txs = new Set(report.facts.map((f) => f.tx)).size;
  const blocks = new Set(report.facts.map((f) => f.block)).size;
  console.log(`\nverify: ${verified.ok ? "passed" : `FAILED (${verified.failures.length})`}, ${facts} facts (${txs} transactions, ${blocks} blocks) and ${verified.proofs} proofs in ${verifySeconds.toFixed(2)} s = ${fps.toFixed(0)} facts/s\n`);
  const stages = verified.seconds;
  printTable(
    ["verify stage", "seconds", "what"],
    [
      ["local", stages.local.toFixed(2), "digest recomputed, sections and proofs re-derived from the facts"],
      ["anchor", stages.anchor.toFixed(2), "chain id, the anchor block's hash and time"],
      ["facts", stages.facts.toFixed(2), `${txs} receipts and the blocks' times in raw JSON-RPC batches, ${facts} logs decoded and compared`],
      ["proofs", stages.proofs.toFixed(2), `${verified.versions} roots read at the anchor block, ${verified.proofs} proofs processed`],
    ],
  );
  const peak = Math.max(...reportFormats.flatMap((f) => results[f]!.map((r) => r.peakMb)));
  console.log(`BENCH reports facts=${facts} json_s=${results.json![0]!.seconds.toFixed(2)} pdf_s=${results.pdf![0]!.seconds.toFixed(2)} peak_mb=${peak} verify_fps=${fps.toFixed(0)} deterministic=${deterministic && verified.ok ? 1 : 0}`);
} finally {
  await indexer.dispose();
  await sim.stop();
}
