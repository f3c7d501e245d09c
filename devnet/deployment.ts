// The deployment record moved to contracts-abi/deployment.ts (the indexer and replay read it and may not import devnet/); this re-export keeps older imports working.
export * from "../contracts-abi/deployment.js";
