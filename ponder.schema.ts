/** Ponder's required schema entry point: the tables live in schema/, one file per domain. */
export * from "./schema/datanets.js";
export * from "./schema/models.js";
export * from "./schema/attribution.js";
export * from "./schema/governance.js";
export * from "./schema/token.js";
export * from "./schema/anomalies.js";
