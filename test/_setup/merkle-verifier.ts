/**
 * OpenZeppelin's own MerkleProof.verify, compiled with the pinned solc-js at test time and run
 * on the devnet as a deployless eth_call (nothing is mined, the chain is unchanged): the proofs
 * a report carries are checked by the library contracts will use.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { decodeFunctionResult, encodeFunctionData, parseAbi, type Hex, type PublicClient } from "viem";
import { PROJECT_ROOT } from "../../hub/ponder-process.js";

const require = createRequire(import.meta.url);
const solc = require("solc") as { compile(input: string, options: { import(path: string): { contents?: string; error?: string } }): string };

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
contract ProofChecker {
    function verify(bytes32[] calldata proof, bytes32 root, bytes32 leaf) external pure returns (bool) {
        return MerkleProof.verify(proof, root, leaf);
    }
}`;

export const proofCheckerAbi = parseAbi(["function verify(bytes32[] proof, bytes32 root, bytes32 leaf) pure returns (bool)"]);

export function compileProofChecker(): Hex {
  const input = {
    language: "Solidity",
    sources: { "ProofChecker.sol": { content: SOURCE } },
    settings: { evmVersion: "cancun", outputSelection: { "*": { "*": ["evm.bytecode.object"] } } },
  };
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), {
      import: (path) => {
        try {
          return { contents: readFileSync(join(PROJECT_ROOT, "node_modules", path), "utf8") };
        } catch {
          return { error: `not found: ${path}` };
        }
      },
    }),
  ) as { errors?: { severity: string; formattedMessage: string }[]; contracts: Record<string, Record<string, { evm: { bytecode: { object: string } } }>> };
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  return `0x${output.contracts["ProofChecker.sol"]!.ProofChecker!.evm.bytecode.object}`;
}

/** MerkleProof.verify(proof, root, leaf) evaluated by the devnet's EVM. */
export async function verifyOnChain(client: PublicClient, bytecode: Hex, proof: readonly string[], root: string, leaf: string): Promise<boolean> {
  const data = encodeFunctionData({ abi: proofCheckerAbi, functionName: "verify", args: [proof as Hex[], root as Hex, leaf as Hex] });
  const result = await client.call({ code: bytecode, data });
  return decodeFunctionResult({ abi: proofCheckerAbi, functionName: "verify", data: result.data! });
}
