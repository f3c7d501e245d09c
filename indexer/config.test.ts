import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readHubEnv } from "../core/config/index.js";
import { addressEnvName, readIndexerSettings as readFrom } from "./config.js";

const readIndexerSettings = (env: Record<string, string>) => readFrom(readHubEnv(env));

const address = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;

test("contract address variables are named after the contracts", () => {
  assert.equal(addressEnvName("OpenToken"), "OPEN_TOKEN_ADDRESS");
  assert.equal(addressEnvName("AttributionEngine"), "ATTRIBUTION_ENGINE_ADDRESS");
});

test("settings default to the deployment record, the environment overrides it", async () => {
  const dir = await mkdtemp(join(tmpdir(), "ph-config-"));
  const file = join(dir, "deployment.json");
  const contracts = { OpenToken: address(1), DatanetRegistry: address(2), ModelFactory: address(3), AttributionEngine: address(4), ProtocolTimelock: address(5), OpenGovernor: address(6) };
  await writeFile(file, JSON.stringify({ chainId: 31337, rpcUrl: "http://127.0.0.1:8545", startBlock: 1, deployer: address(9), contracts, deploymentId: "abc123" }));
  const fromFile = readIndexerSettings({ DEPLOYMENT_FILE: file, DATA_DIR: dir });
  assert.equal(fromFile.chainId, 31337);
  assert.equal(fromFile.pollingIntervalMs, 150);
  assert.deepEqual(fromFile.database, { kind: "pglite", directory: join(dir, "ponder", "abc123") });
  const overridden = readIndexerSettings({ DEPLOYMENT_FILE: file, CHAIN_ID: "10", RPC_URL: "http://rpc", START_BLOCK: "5", OPEN_TOKEN_ADDRESS: address(77), DATABASE_URL: "postgres://x/y" });
  assert.equal(overridden.chainId, 10);
  assert.equal(overridden.rpcUrl, "http://rpc");
  assert.equal(overridden.startBlock, 5);
  assert.equal(overridden.pollingIntervalMs, 1000);
  assert.equal(overridden.contracts.OpenToken.toLowerCase(), address(77));
  assert.deepEqual(overridden.database, { kind: "postgres", connectionString: "postgres://x/y" });
});

test("a missing deployment and missing variables give a ConfigError with a hint", () => {
  assert.throws(() => readIndexerSettings({ DEPLOYMENT_FILE: "/nonexistent/deployment.json" }), (e: Error & { code?: string; hint?: string }) => e.code === "CONFIG_INVALID" && Boolean(e.hint));
});
