/**
 * Protocol parameters from every contract that has them: one history row per change and the
 * current value per (contract, key). Values are text: decimals, or addresses.
 */
import { hexToString, type Address, type Hex } from "viem";
import { adminEvent, parameterChange, protocolParameter } from "../schema/governance.js";
import { eventRowId, toJson, type Db, type Evidence } from "./evidence.js";

/** ParameterChanged keys are bytes32 strings ("protocolFeePpm" right-padded with zeros). */
export function parameterKeyName(key: Hex): string {
  const text = hexToString(key).replace(/\0+$/, "");
  // Keep the raw hex when the key is not printable text.
  return /^[\x20-\x7e]+$/.test(text) ? text : key;
}

export async function recordParameterChange(
  db: Db,
  evidence: Evidence,
  change: { contract: Address; key: string; previousValue: string | undefined; newValue: string },
): Promise<void> {
  const id = `${change.contract}-${change.key}`;
  const previous = change.previousValue ?? (await db.find(protocolParameter, { id }))?.value ?? null;
  await db.insert(parameterChange).values({
    id: eventRowId(evidence),
    contract: change.contract,
    key: change.key,
    previousValue: previous,
    newValue: change.newValue,
    ...evidence,
  });
  await db
    .insert(protocolParameter)
    .values({ id, contract: change.contract, key: change.key, value: change.newValue, updatedBlock: evidence.blockNumber, ...evidence })
    .onConflictDoUpdate({ value: change.newValue, updatedBlock: evidence.blockNumber });
}

/** Roles, ownership and EIP-712 domain events, kept verbatim. */
export async function recordAdminEvent(db: Db, evidence: Evidence, contract: Address, eventName: string, args: unknown): Promise<void> {
  await db.insert(adminEvent).values({ id: eventRowId(evidence), contract, eventName, args: toJson(args ?? {}), ...evidence });
}
