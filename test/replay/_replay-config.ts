/** A replay configuration for tests: defaults, plus the test's own stores and fast timings. */
import { readHubEnv } from "../../core/config/index.js";
import { readReplayConfig, type ReplayConfig } from "../../replay/config.js";

export function testReplayConfig(overrides: Partial<ReplayConfig>): ReplayConfig {
  return { ...readReplayConfig(readHubEnv({})), executionProvider: "cpu", backoffMs: 100, reconcileIntervalMs: 60_000, batchSize: 32, ...overrides };
}
