/**
 * What the hub found when it opened its embedded stores (created, opened, or rebuilt from
 * the chain and the indexer): decided in the hub process before Ponder starts, handed to the
 * Ponder process in one environment variable, and shown on /hub/status.
 */
import type { PgliteFolderRecovery } from "./durable-pglite.js";

export const STORE_RECOVERY_ENV = "HUB_STORE_RECOVERY";

export type StoreName = "indexer" | "replay";

export type StoreRecoveryReport = Partial<Record<StoreName, PgliteFolderRecovery>>;

/** What a rebuilt store means for its data: the line for the log and the status route. */
export function recoveryConsequence(store: StoreName): string {
  return store === "indexer"
    ? "Ponder re-indexes it from the chain; the analytics sink follows the new rows"
    : "replay jobs and verdicts are recomputed from the indexed claims (every claim is verified again)";
}

export function describeRecovery(store: StoreName, r: PgliteFolderRecovery): string {
  if (r.outcome !== "rebuilt") return `${store} store ${r.outcome} at ${r.dir}${r.repaired ? `; repaired: ${r.repaired}` : ""}`;
  return `${store} store at ${r.dir} could not be opened (${r.reason}); set aside as ${r.setAsideTo} and rebuilt empty: ${recoveryConsequence(store)}`;
}

export function encodeRecovery(report: StoreRecoveryReport): string {
  return JSON.stringify(report);
}

export function decodeRecovery(raw: string | undefined): StoreRecoveryReport {
  if (!raw) return {};
  try {
    return JSON.parse(raw) as StoreRecoveryReport;
  } catch {
    return {};
  }
}
