/** The protocol's ABIs gathered for decoding: every custom error, every event. */
import type { Abi } from "viem";
import { protocolAbis } from "../contracts-abi/protocol-abis.js";

// The ABIs share items (OpenZeppelin errors and events): unique() keeps one of each.
const all: Abi = Object.values(protocolAbis).flat();

function unique(kind: "error" | "event"): Abi {
  const seen = new Set<string>();
  return all.filter((item) => {
    if (item.type !== kind) return false;
    const key = `${item.name}(${item.inputs.map((i) => i.type).join(",")})`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }) as Abi;
}

export const allContractErrorsAbi = unique("error");
export const allContractEventsAbi = unique("event");
