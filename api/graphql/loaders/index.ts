/** Every loader of one request at one answered block: a fresh set per (request, block). */
import type { SqlRunner } from "../read-db.js";
import type { ChainReader } from "../chain-blocks.js";
import { createBlockLoader } from "../chain-blocks.js";
import { createAttributionLoaders } from "./attribution.js";
import { createDatanetLoaders } from "./datanets.js";
import { createGovernanceLoaders } from "./governance.js";
import { createModelLoaders } from "./models.js";
import { createTokenLoaders } from "./token.js";

export function createLoaders(sql: SqlRunner, block: bigint) {
  return {
    datanets: createDatanetLoaders(sql, block),
    models: createModelLoaders(sql, block),
    attribution: createAttributionLoaders(sql, block),
    governance: createGovernanceLoaders(sql, block),
    token: createTokenLoaders(sql, block),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Block hashes and timestamps do not depend on the answered block: one loader per request. */
export function createChainLoaders(sql: SqlRunner, chainId: number, chain: ChainReader | undefined) {
  return { block: createBlockLoader(sql, chainId, chain) };
}
