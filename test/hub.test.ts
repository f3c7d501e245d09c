/**
 * The README's run command end to end: `npm run hub` simulates, indexes, runs the sink and the
 * analytics beside PGlite, serves them, and Ctrl-C leaves no process behind.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { readGroundTruth } from "../devnet/simulator/ground-truth.js";
import { PROJECT_ROOT } from "../hub/ponder-process.js";
import { processAlive } from "./_setup/process.js";
import { childEnvironment } from "../core/config/index.js";

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  return (await res.json()) as T;
}

async function graphql<T>(url: string, query: string): Promise<T> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { data: T; errors?: unknown };
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}


test("npm run hub indexes, runs analytics and replay beside PGlite, serves them, and Ctrl-C stops everything", { timeout: 240_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), "hub-e2e-"));
  const env = childEnvironment({ DEVNET_DIR: join(dir, "devnet"), DATABASE_URL: undefined, CLICKHOUSE_URL: undefined, REDIS_URL: undefined });
  const hub = spawn(process.execPath, ["--import", "tsx", "hub/cli/hub.ts", "--data-dir", join(dir, "data"), "--seed", "e2e", "--dishonest-share", "0.1"], { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  hub.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  hub.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  try {
    const deadline = Date.now() + 180_000;
    while (!/^GraphQL\s+(\S+)/m.test(output)) {
      assert.ok(Date.now() < deadline && hub.exitCode === null, `hub did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const graphqlUrl = /^GraphQL\s+(\S+)/m.exec(output)![1]!;
    const base = graphqlUrl.replace(/\/graphql$/, "");
    const lastBlock = Number(/blocks\s+\d+\.\.(\d+)/.exec(output)![1]);

    const data = await graphql<{ inferences: { totalCount: number }; rewards: { totalCount: number } }>(graphqlUrl, "{ inferences { totalCount } rewards { totalCount } }");
    assert.equal(data.inferences.totalCount, Number(/inferences\s+(\d+)/.exec(output)![1]), "every simulated inference is indexed");

    type Status = { embeddedServices: boolean; analyticsLag: { syncedBlock: string; blocks: string } | null };
    let status = await getJson<Status>(`${base}/hub/status`);
    while (!status.analyticsLag || Number(status.analyticsLag.syncedBlock) < lastBlock) {
      assert.ok(Date.now() < deadline, `the sink did not catch up: ${JSON.stringify(status)}`);
      await new Promise((r) => setTimeout(r, 500));
      status = await getJson<Status>(`${base}/hub/status`);
    }
    assert.equal(status.embeddedServices, true);
    // One scrape carries Ponder's series and the hub's (sink lag, replay, errors by code).
    const metrics = await (await fetch(`${base}/hub/metrics`)).text();
    for (const series of ["ponder_", "analytics_sink_lag_blocks", "analytics_sink_lag_seconds", "analytics_sink_facts_written_total", "replay_queue_jobs", "replay_verdicts_total", "hub_errors_total"]) {
      assert.ok(metrics.includes(series), `/hub/metrics carries ${series}`);
    }
    const volume = await getJson<{ inferences: number }[]>(`${base}/analytics/inference-volume?bucket=86400`);
    assert.equal(volume.reduce((n, r) => n + r.inferences, 0), data.inferences.totalCount, "ClickHouse counts the same inferences");
    const top = await getJson<{ rewardCount: number }[]>(`${base}/analytics/top-contributors?limit=1000`);
    assert.equal(top.reduce((n, r) => n + r.rewardCount, 0), data.rewards.totalCount, "and the same rewards");

    // The replay worker beside the indexer verifies every claim as it is indexed.
    type ReplayStatus = { jobs: number; verdicts: number; executionProvider: { provider: string } };
    let replay = await getJson<ReplayStatus>(`${base}/replay/status`);
    while (replay.verdicts < data.inferences.totalCount) {
      assert.ok(Date.now() < deadline, `replay did not finish: ${JSON.stringify(replay)}`);
      await new Promise((r) => setTimeout(r, 500));
      replay = await getJson<ReplayStatus>(`${base}/replay/status`);
    }
    assert.equal(replay.jobs, data.inferences.totalCount, "one job per inference, none twice");
    assert.equal(replay.executionProvider.provider, "cpu");
    type FlaggedVerdict = { inferenceId: string; verdict: string; reason: string; claimedWeights: { contributionIds: string[] }; observedWeights: { contributionIds: string[] } | null; failedRules: { rule: string; contributionIds: string[] }[] };
    const flagged = await getJson<FlaggedVerdict[]>(`${base}/replay/verdicts?flagged=1`);
    const truth = (await readGroundTruth(join(dir, "data", "ground-truth.json"))).dishonest;
    const expected = (kind: string) => (kind === "output_altered" ? "output_mismatch" : "attribution_mismatch");
    assert.deepEqual(
      flagged.map((v) => `${v.inferenceId}:${v.verdict}`).sort(),
      truth.map((d) => `${d.inferenceId}:${expected(d.kind)}`).sort(),
      "exactly the planted claims are flagged, each with the right verdict",
    );
    for (const v of flagged.filter((f) => f.verdict === "attribution_mismatch")) {
      assert.ok(v.reason && v.claimedWeights.contributionIds.length > 0 && v.observedWeights && v.failedRules[0]!.contributionIds.length > 0, `evidence of ${v.inferenceId}: ${JSON.stringify(v)}`);
    }

    const bad = await fetch(`${base}/analytics/inference-volume?bucket=-5`);
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, "API_BAD_REQUEST");
    const backwards = await fetch(`${base}/analytics/datanet-usage?from=1767300000&to=1767200000`);
    assert.equal(backwards.status, 400);
    assert.equal(((await backwards.json()) as { error: { code: string } }).error.code, "ANALYTICS_BAD_RANGE");
    assert.equal((await fetch(`${base}/hub/status`)).status, 200, "still serving after bad input");
  } finally {
    hub.kill("SIGINT");
    await new Promise((r) => hub.once("exit", r));
    await rm(dir, { recursive: true, force: true });
  }
  assert.equal(processAlive(hub.pid!), false);
  const ports = [...output.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => m[1]);
  for (const port of new Set(ports)) {
    const up = await fetch(`http://127.0.0.1:${port}/`, { method: "POST" }).then(() => true, () => false);
    assert.equal(up, false, `nothing listens on ${port} after Ctrl-C`);
  }
});
